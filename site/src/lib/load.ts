import { loadMonitorConfig } from '../../../scripts/monitors/files.ts';
import type { Job } from '../../../scripts/schema/job.ts';
import type { RunRecord } from '../../../scripts/schema/run.ts';
import { openStore, type Store } from '../../../scripts/store/store.ts';
import { summariseHistory, WEEK_MS } from './history.ts';
import type { SiteInputs } from './inputs.ts';
import { assembleSite, historySettings, type MonitorData, type SiteModel } from './model.ts';

/**
 * The site's one edge: reads monitors/ and data/ through the shared loaders and store, each
 * monitor's files once, and reduces each monitor's history before reading the next, so
 * memory stays flat with the number of scans.
 */

const DAY_MS = 86_400_000;
/** Jobs and runs this recent feed the queue view and the completion rates. */
export const RECENT_DAYS = 30;
/** A monitor page lists at least this many jobs, however old. */
const MIN_JOBS = 20;
const MIN_RUNS = 20;
/** Reading one month before the window tells whether history was cut. */
const LOOKBEHIND_DAYS = 31;

export async function loadSite(inputs: SiteInputs, clock: () => Date = () => new Date()): Promise<SiteModel> {
  const config = await loadMonitorConfig(inputs.monitorsDir, inputs.repoRoot);
  const store = openStore(inputs.dataDir);
  const now = inputs.now;
  const historyStart = new Date(now.getTime() - inputs.historyDays * DAY_MS);
  const weeks = Math.max(1, Math.ceil((now.getTime() - historyStart.getTime()) / WEEK_MS));
  const weekStarts = Array.from({ length: weeks }, (_, week) => new Date(historyStart.getTime() + week * WEEK_MS).toISOString());
  const recentSince = new Date(now.getTime() - RECENT_DAYS * DAY_MS).toISOString();
  const configs = new Map(config.monitors.map((monitor) => [monitor.id, monitor]));
  const ids = [...new Set([...configs.keys(), ...(await store.monitorIds())])].sort();

  const monitors: MonitorData[] = [];
  for (const id of ids) {
    const monitorConfig = configs.get(id) ?? null;
    // Full scans for the retention window, day rollups for the compacted past (scripts/store/compaction.ts).
    const { scans, days } = await store.history(id, { since: new Date(historyStart.getTime() - LOOKBEHIND_DAYS * DAY_MS).toISOString() });
    monitors.push({
      id,
      config: monitorConfig,
      latestScan: await store.latestScan(id),
      lastCovered: await store.lastCovered(id),
      history: summariseHistory({ scans, days, historyStart, weeks, settings: historySettings(monitorConfig) }),
      changes: await store.changes(id),
      jobs: await recentJobs(store, id, recentSince),
    });
  }
  const runs = await atLeast<RunRecord>((options) => store.runs(options), recentSince, MIN_RUNS);
  return assembleSite({
    monitors,
    runs,
    settings: config.settings,
    problems: config.problems,
    now,
    builtAt: clock(),
    historyStart,
    weekStarts,
  });
}

function recentJobs(store: Store, id: string, since: string): Promise<Job[]> {
  return atLeast<Job>((options) => store.jobs(id, options), since, MIN_JOBS);
}

/** Records since `since`, or the newest `minimum` when that is more. */
async function atLeast<T>(read: (options: { since?: string; limit?: number }) => Promise<T[]>, since: string, minimum: number): Promise<T[]> {
  const recent = await read({ since });
  return recent.length >= minimum ? recent : read({ limit: minimum });
}
