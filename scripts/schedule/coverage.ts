import type { Monitor } from '../schema/monitor.ts';
import type { Store } from '../store/store.ts';

/** The `lastScans` input of `due()`: for each monitor, the schedule time its last scan answered. */
export async function lastCoveredTimes(store: Store, monitors: readonly Monitor[]): Promise<Map<string, Date>> {
  const times = new Map<string, Date>();
  for (const monitor of monitors) {
    const covered = await store.lastCovered(monitor.id);
    if (covered) times.set(monitor.id, covered);
  }
  return times;
}
