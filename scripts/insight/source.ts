import type { Store } from '../store/store.ts';
import { INSIGHT_WINDOW_DAYS, landscapeSummary, type LandscapeSummary } from './movers.ts';

const DAY_MS = 86_400_000;

/** Reads every monitor's changes of the window through the store and summarises them as of `now`. */
export function landscapeSource(store: Store, now: Date): () => Promise<LandscapeSummary> {
  return async () => {
    const since = new Date(now.getTime() - INSIGHT_WINDOW_DAYS * DAY_MS).toISOString();
    const changes = [];
    for (const monitor of await store.monitorIds()) changes.push(...(await store.changes(monitor, { since })));
    return landscapeSummary(changes, now);
  };
}
