import { numericVersion } from '../../../scripts/changes/versions.ts';
import type { StackEntry } from './history.ts';

/**
 * How far behind the landscape each site's technology versions are: for every technology a
 * site runs with a readable version, the newest version any monitored site runs, how many
 * major (or, on the same major, minor) versions behind that is, and how many of the other
 * sites already run it — "Angular 17.3.0 — 3 of 4 competitors run 19".
 */

export interface VersionLag {
  readonly technology: string;
  readonly version: string;
  /** The newest version seen across the landscape. */
  readonly newest: string;
  readonly kind: 'major' | 'minor';
  /** Versions behind: majors for `major`, minors within the same major for `minor`. */
  readonly steps: number;
  /** `19` for a major lag, `5.1` for a minor one. */
  readonly target: string;
  /** Other sites on the target major (or major.minor). */
  readonly onTarget: number;
  /** Other sites running the technology with a readable version. */
  readonly others: number;
}

interface Sighting {
  readonly monitor: string;
  readonly version: string;
  readonly parts: readonly [number, number, number];
}

export function versionLags(stacks: readonly { readonly monitor: string; readonly stack: readonly StackEntry[] }[]): Map<string, VersionLag[]> {
  const byTechnology = new Map<string, Sighting[]>();
  for (const { monitor, stack } of stacks) {
    for (const entry of stack) {
      const parts = numericVersion(entry.version);
      if (!parts || entry.version === null) continue;
      byTechnology.set(entry.name, [...(byTechnology.get(entry.name) ?? []), { monitor, version: entry.version, parts }]);
    }
  }
  const lags = new Map<string, VersionLag[]>();
  for (const [technology, sightings] of [...byTechnology].sort(([a], [b]) => a.localeCompare(b))) {
    const newest = sightings.reduce((best, sighting) => (compare(sighting.parts, best.parts) > 0 ? sighting : best));
    const [major, minor] = newest.parts;
    for (const sighting of sightings) {
      const others = sightings.filter((other) => other.monitor !== sighting.monitor);
      const lag: VersionLag | null =
        sighting.parts[0] < major
          ? {
              technology,
              version: sighting.version,
              newest: newest.version,
              kind: 'major',
              steps: major - sighting.parts[0],
              target: String(major),
              onTarget: others.filter((other) => other.parts[0] === major).length,
              others: others.length,
            }
          : sighting.parts[0] === major && sighting.parts[1] < minor
            ? {
                technology,
                version: sighting.version,
                newest: newest.version,
                kind: 'minor',
                steps: minor - sighting.parts[1],
                target: `${major}.${minor}`,
                onTarget: others.filter((other) => other.parts[0] === major && other.parts[1] === minor).length,
                others: others.length,
              }
            : null;
      if (lag) lags.set(sighting.monitor, [...(lags.get(sighting.monitor) ?? []), lag]);
    }
  }
  return lags;
}

function compare(a: readonly number[], b: readonly number[]): number {
  return (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0);
}

/** `2 major versions behind 19.1.0; 3 of 4 competitors run 19`. */
export function lagText(lag: VersionLag): string {
  const unit = `${lag.kind} version${lag.steps === 1 ? '' : 's'}`;
  return `${lag.steps} ${unit} behind ${lag.newest}; ${lag.onTarget} of ${lag.others} competitor${lag.others === 1 ? '' : 's'} run ${lag.target}`;
}
