import type { Job } from '../schema/job.ts';
import type { Store } from '../store/store.ts';
import { DEFAULT_SCAN_COST_MS, type MonitorCost } from './shards.ts';

/** Job records read per monitor: enough to hold its last run's attempts behind a lost shard or two. */
const RECENT_JOBS = 10;

/**
 * Each monitor's recent scan cost: the summed duration of the attempts of its last run that
 * scanned it (a lost shard's records took no time and say nothing), or the default for a
 * monitor never scanned.
 */
export async function recentScanCosts(store: Store, monitors: readonly string[]): Promise<MonitorCost[]> {
  const costs: MonitorCost[] = [];
  for (const id of monitors) costs.push({ id, costMs: lastRunCost(await store.jobs(id, { limit: RECENT_JOBS })) ?? DEFAULT_SCAN_COST_MS });
  return costs;
}

function lastRunCost(jobs: readonly Job[]): number | null {
  const attempts = jobs.filter((job) => job.error?.kind !== 'shard_lost');
  const last = attempts.at(-1);
  if (!last) return null;
  return attempts.filter((job) => job.runId === last.runId).reduce((sum, job) => sum + job.durationMs, 0);
}
