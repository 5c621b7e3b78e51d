import type { Sighting } from './sightings.ts';

/**
 * Which technology versions a monitor's successful scans (and compacted days) saw, and when: one row per
 * technology and version (an unknown version is its own row), first and last scan that saw it.
 */
export interface TechnologyObservation {
  readonly technology: string;
  readonly version: string | null;
  readonly categories: readonly string[];
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly scans: number;
}

/** `ok` must be in time order; rows come sorted by technology, then first seen. */
export function technologyObservations(ok: readonly Sighting[]): TechnologyObservation[] {
  const rows = new Map<
    string,
    { technology: string; version: string | null; categories: readonly string[]; firstSeen: string; lastSeen: string; scans: number }
  >();
  for (const scan of ok) {
    for (const tech of scan.technologies) {
      const key = JSON.stringify([tech.name, tech.version]);
      const row = rows.get(key);
      if (row) {
        row.lastSeen = scan.at;
        row.scans += scan.weight;
        row.categories = tech.categories;
      } else {
        rows.set(key, {
          technology: tech.name,
          version: tech.version,
          categories: tech.categories,
          firstSeen: scan.from,
          lastSeen: scan.at,
          scans: scan.weight,
        });
      }
    }
  }
  return [...rows.values()].sort(
    (a, b) => a.technology.localeCompare(b.technology) || a.firstSeen.localeCompare(b.firstSeen) || (a.version ?? '').localeCompare(b.version ?? ''),
  );
}
