import { monthOf } from './layout.ts';
import type { CompactedMonth, HistoryMonths, Store } from './store.ts';

/**
 * Retention: full scan summaries and job records are kept for a window (`retention.fullScansDays`
 * in monitors/_settings.yaml); older whole months are rolled up into per-day history
 * (scripts/store/rollup.ts). Change records, alerts and runs are never compacted. Two things
 * are never rolled up, whatever their age, so that nothing that reads full records decides
 * differently: the months holding a monitor's newest `keepScans` scans (what change detection
 * reads, scripts/changes/index.ts historyDepth) and its newest job records (what the schedule
 * reads, Store.lastCovered).
 */

/** As many job records as Store.lastCovered reads, and a monitor page lists. */
export const KEPT_JOBS = 20;
const DAY_MS = 86_400_000;

export interface MonthsToKeep {
  readonly months: HistoryMonths;
  /** Months before this one are older than the window. */
  readonly cutoffMonth: string;
  /** The month of the oldest scan among the newest ones detection reads; null without scans. */
  readonly oldestReadScanMonth: string | null;
  readonly oldestReadJobMonth: string | null;
}

/** Pure: the months of one monitor to compact, oldest first. */
export function monthsToCompact({ months, cutoffMonth, oldestReadScanMonth, oldestReadJobMonth }: MonthsToKeep): string[] {
  const keepFrom = [cutoffMonth, oldestReadScanMonth, oldestReadJobMonth].filter((month): month is string => month !== null).sort()[0] ?? cutoffMonth;
  return [...new Set([...months.scans, ...months.jobs])].filter((month) => month < keepFrom).sort();
}

/** The first month still inside the window: every month before it ended more than `days` ago. */
export function cutoffMonth(now: Date, days: number): string {
  return monthOf(new Date(now.getTime() - days * DAY_MS).toISOString());
}

export interface CompactOptions {
  readonly now: Date;
  readonly fullScansDays: number;
  /** How many of a monitor's newest scans stay full: its detection history depth. */
  readonly keepScans: (monitor: string) => number;
  /** Decide and report, write nothing. */
  readonly dryRun: boolean;
}

export interface MonitorCompaction {
  readonly monitor: string;
  readonly months: CompactedMonth[];
}

/** Compacts every monitor in the store; monitors with nothing to compact are left out of the result. */
export async function compactStore(store: Store, options: CompactOptions): Promise<MonitorCompaction[]> {
  const cutoff = cutoffMonth(options.now, options.fullScansDays);
  const results: MonitorCompaction[] = [];
  for (const monitor of await store.monitorIds()) {
    const [oldestScan] = await store.scans(monitor, { limit: options.keepScans(monitor) });
    const [oldestJob] = await store.jobs(monitor, { limit: KEPT_JOBS });
    const months = monthsToCompact({
      months: await store.historyMonths(monitor),
      cutoffMonth: cutoff,
      oldestReadScanMonth: oldestScan ? monthOf(oldestScan.scannedAt) : null,
      oldestReadJobMonth: oldestJob ? monthOf(oldestJob.startedAt) : null,
    });
    if (months.length === 0) continue;
    const done: CompactedMonth[] = [];
    for (const month of months) {
      done.push(options.dryRun ? await preview(store, monitor, month) : await store.compactMonth(monitor, month));
    }
    results.push({ monitor, months: done });
  }
  return results;
}

/** What compacting the month would remove, without touching it. */
async function preview(store: Store, monitor: string, month: string): Promise<CompactedMonth> {
  const since = `${month}-01T00:00:00.000Z`;
  const inMonth = (time: string) => monthOf(time) === month;
  const scans = (await store.scans(monitor, { since })).filter((scan) => inMonth(scan.scannedAt));
  const jobs = (await store.jobs(monitor, { since })).filter((job) => inMonth(job.startedAt));
  const days = new Set([...scans.map((scan) => scan.scannedAt.slice(0, 10)), ...jobs.map((job) => job.startedAt.slice(0, 10))]);
  return { month, scans: scans.length, jobs: jobs.length, days: days.size };
}
