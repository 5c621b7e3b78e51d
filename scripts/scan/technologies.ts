import type { Technology } from '../schema/signals.ts';

/**
 * Technologies of several pages (deep depth) as one list: a technology found on any page,
 * with the highest confidence seen, the home page's version when it has one, and every
 * category named. Sorted by name, case-insensitively. Pure.
 */
export function mergeTechnologies(lists: readonly (readonly Technology[])[]): Technology[] {
  const merged = new Map<string, Technology>();
  for (const list of lists) {
    for (const technology of list) {
      const seen = merged.get(technology.name);
      merged.set(
        technology.name,
        seen
          ? {
              name: seen.name,
              version: seen.version ?? technology.version,
              confidence: Math.max(seen.confidence, technology.confidence),
              categories: [...new Set([...seen.categories, ...technology.categories])],
            }
          : { ...technology, categories: [...technology.categories] },
      );
    }
  }
  return [...merged.values()].sort(byName);
}

/** Case-insensitively, as detection sorts, so one page and many pages order alike. */
function byName(a: Technology, b: Technology): number {
  const left = a.name.toLowerCase();
  const right = b.name.toLowerCase();
  if (left !== right) return left < right ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
