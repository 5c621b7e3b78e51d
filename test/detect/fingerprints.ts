import { fingerprintsFromData, type Fingerprints } from '../../scripts/detect/index.ts';
import type { Technology } from '../../scripts/schema/signals.ts';

/** Categories for hand-made fingerprints (ids as in the real database). */
export const CATEGORIES = {
  '1': { name: 'CMS', priority: 1 },
  '6': { name: 'Ecommerce', priority: 1 },
  '12': { name: 'JavaScript frameworks', priority: 8 },
  '22': { name: 'Web servers', priority: 8 },
  '27': { name: 'Programming languages', priority: 5 },
  '59': { name: 'JavaScript libraries', priority: 9 },
  '87': { name: 'WordPress plugins', priority: 8 },
};

/** A small database in the webappanalyzer format; every technology gets `cats: [59]` unless it says otherwise. */
export function fingerprints(technologies: Record<string, Record<string, unknown>>): Fingerprints {
  const withCategories = Object.fromEntries(
    Object.entries(technologies).map(([name, definition]) => [name, { cats: [59], website: 'https://example.com', ...definition }]),
  );
  return fingerprintsFromData({ technologies: withCategories, categories: CATEGORIES }, 'test');
}

export function names(technologies: readonly Technology[]): string[] {
  return technologies.map((technology) => technology.name);
}

export function named(technologies: readonly Technology[], name: string): Technology | undefined {
  return technologies.find((technology) => technology.name === name);
}
