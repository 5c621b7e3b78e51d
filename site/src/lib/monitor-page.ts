import type { Job } from '../../../scripts/schema/job.ts';
import type { StackEntry } from './history.ts';
import type { Landscape } from './landscape.ts';
import { UNCATEGORISED } from './landscape.ts';
import { pushTo } from './collections.ts';
import { uniqueSlugs } from './slugs.ts';

/** The stack as the monitor page shows it: by category, categories and entries by name. */
export function stackByCategory(stack: readonly StackEntry[]): { name: string; slug: string; technologies: StackEntry[] }[] {
  const byCategory = new Map<string, StackEntry[]>();
  for (const entry of stack) {
    for (const category of entry.categories.length > 0 ? entry.categories : [UNCATEGORISED]) pushTo(byCategory, category, entry);
  }
  const slugs = uniqueSlugs(byCategory.keys());
  return [...byCategory].sort(([a], [b]) => a.localeCompare(b)).map(([name, technologies]) => ({ name, slug: slugs.get(name) ?? name, technologies }));
}

export function technologySlugs(landscape: Landscape): Map<string, string> {
  return new Map(landscape.technologies.map((tech) => [tech.name, tech.slug]));
}

export const PAGE_JOBS = 20;

/** The newest jobs, plus older failures among those loaded so a problem never scrolls out of sight. */
export function jobsToShow(jobs: readonly Job[], count = PAGE_JOBS): Job[] {
  const newest = jobs.slice(0, count);
  const olderFailures = jobs
    .slice(count)
    .filter((job) => job.status !== 'completed')
    .slice(0, count);
  return [...newest, ...olderFailures];
}
