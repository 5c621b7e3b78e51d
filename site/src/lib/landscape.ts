import type { Change } from '../../../scripts/schema/change.ts';
import { isTechnologyChange, newestFirst } from './changes.ts';
import { pushTo } from './collections.ts';
import type { StackEntry } from './history.ts';
import { uniqueSlugs } from './slugs.ts';

/**
 * Which monitored sites use which technologies, now and week by week, and who adopted or
 * dropped what recently: the competitive-intelligence view across every monitor.
 */

export interface LandscapeMonitor {
  readonly id: string;
  readonly stack: readonly StackEntry[];
  readonly weekly: readonly (readonly string[] | null)[];
  readonly categories: ReadonlyMap<string, readonly string[]>;
}

export interface TechnologyUse {
  readonly monitor: string;
  readonly version: string | null;
  readonly since: string;
  readonly seenBeforeHistory: boolean;
}

export interface TechnologyMove {
  readonly technology: string;
  readonly monitor: string;
  readonly kind: 'added' | 'removed' | 'version';
  readonly at: string;
  readonly changeId: string;
  readonly version: string | null;
  readonly previousVersion: string | null;
}

export interface LandscapeTechnology {
  readonly name: string;
  readonly slug: string;
  readonly categories: readonly string[];
  readonly users: TechnologyUse[];
  /** Sites using it, per week of the history window. */
  readonly adoption: number[];
  /** Every recorded move in the loaded changes, newest first. */
  readonly moves: TechnologyMove[];
  readonly recent: { readonly added: number; readonly removed: number };
}

export interface LandscapeCategory {
  readonly name: string;
  readonly slug: string;
  /** Most used first. */
  readonly technologies: string[];
}

export interface Landscape {
  readonly weekStarts: readonly string[];
  readonly recentSince: string;
  readonly technologies: LandscapeTechnology[];
  readonly categories: LandscapeCategory[];
  /** Additions and removals since `recentSince`, newest first. */
  readonly recentMoves: TechnologyMove[];
}

export const RECENT_MOVE_DAYS = 90;
export const UNCATEGORISED = 'Other';
/** Static route beside the technology pages. */
export const CATEGORIES_SEGMENT = 'categories';

export function buildLandscape(input: {
  readonly monitors: readonly LandscapeMonitor[];
  readonly changes: readonly Change[];
  readonly weekStarts: readonly string[];
  readonly now: Date;
}): Landscape {
  const recentSince = new Date(input.now.getTime() - RECENT_MOVE_DAYS * 86_400_000).toISOString();
  const categories = new Map<string, readonly string[]>();
  const users = new Map<string, TechnologyUse[]>();
  const adoption = new Map<string, number[]>();
  const moves = new Map<string, TechnologyMove[]>();
  const adoptionOf = (name: string) => {
    let weeks = adoption.get(name);
    if (!weeks) adoption.set(name, (weeks = new Array<number>(input.weekStarts.length).fill(0)));
    return weeks;
  };

  for (const monitor of input.monitors) {
    for (const [name, techCategories] of monitor.categories) categories.set(name, techCategories);
    for (const entry of monitor.stack) {
      categories.set(entry.name, entry.categories);
      pushTo(users, entry.name, { monitor: monitor.id, version: entry.version, since: entry.firstSeen, seenBeforeHistory: entry.seenBeforeHistory });
    }
    monitor.weekly.forEach((stack, week) => {
      for (const name of stack ?? []) {
        const weeks = adoptionOf(name);
        weeks[week] = (weeks[week] ?? 0) + 1;
      }
    });
  }
  for (const change of [...input.changes].sort(newestFirst)) {
    if (!isTechnologyChange(change)) continue;
    const name = change.data.technology;
    if (!categories.has(name)) categories.set(name, change.data.categories);
    const kind = change.type === 'technology_added' ? 'added' : change.type === 'technology_removed' ? 'removed' : 'version';
    pushTo(moves, name, {
      technology: name,
      monitor: change.monitor,
      kind,
      at: change.detectedAt,
      changeId: change.id,
      version: change.data.version,
      previousVersion: change.data.previousVersion,
    });
  }

  const names = [...new Set([...users.keys(), ...adoption.keys(), ...moves.keys()])];
  const slugs = uniqueSlugs(names, [CATEGORIES_SEGMENT]);
  const technologies = names
    .map((name) => {
      const techMoves = moves.get(name) ?? [];
      const recent = techMoves.filter((move) => move.at >= recentSince);
      return {
        name,
        slug: slugs.get(name) ?? name,
        categories: categoryList(categories.get(name)),
        users: (users.get(name) ?? []).sort((a, b) => a.monitor.localeCompare(b.monitor)),
        adoption: adoption.get(name) ?? new Array<number>(input.weekStarts.length).fill(0),
        moves: techMoves,
        recent: {
          added: recent.filter((move) => move.kind === 'added').length,
          removed: recent.filter((move) => move.kind === 'removed').length,
        },
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  return {
    weekStarts: input.weekStarts,
    recentSince,
    technologies,
    categories: landscapeCategories(technologies),
    recentMoves: technologies
      .flatMap((tech) => tech.moves.filter((move) => move.kind !== 'version' && move.at >= recentSince))
      .sort((a, b) => b.at.localeCompare(a.at) || a.changeId.localeCompare(b.changeId)),
  };
}

function categoryList(categories: readonly string[] | undefined): readonly string[] {
  return categories && categories.length > 0 ? categories : [UNCATEGORISED];
}

function landscapeCategories(technologies: readonly LandscapeTechnology[]): LandscapeCategory[] {
  const byCategory = new Map<string, LandscapeTechnology[]>();
  for (const tech of technologies) {
    for (const category of tech.categories) pushTo(byCategory, category, tech);
  }
  const slugs = uniqueSlugs(byCategory.keys());
  return [...byCategory]
    .map(([name, techs]) => ({
      name,
      slug: slugs.get(name) ?? name,
      technologies: techs.sort((a, b) => b.users.length - a.users.length || a.name.localeCompare(b.name)).map((tech) => tech.name),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
