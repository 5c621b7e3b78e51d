import type { Problem } from '../../../scripts/monitors/problem.ts';
import type { Change } from '../../../scripts/schema/change.ts';
import type { Job } from '../../../scripts/schema/job.ts';
import { alertSettings, changeSettings, type Monitor, type Settings } from '../../../scripts/schema/monitor.ts';
import type { RunRecord } from '../../../scripts/schema/run.ts';
import type { ScanResult } from '../../../scripts/schema/scan.ts';
import { due } from '../../../scripts/schedule/due.ts';
import { contentHash } from '../../../scripts/shared/hash.ts';
import { newestFirst, severityCounts } from './changes.ts';
import type { HistorySettings, MonitorHistory } from './history.ts';
import { buildLandscape, type Landscape } from './landscape.ts';
import { jobStats, runStats, type JobStats, type RunStats } from './runs.ts';
import { landscapeSummary, type LandscapeSummary } from '../../../scripts/insight/movers.ts';
import { adoptionByMonth, gradesByMonth, performanceByMonth, trendMonths, type GradeMonth, type PerformanceMonth, type TechnologyMonth } from './trends.ts';
import { versionLags, type VersionLag } from './version-lag.ts';

/**
 * Everything the pages render, assembled once per build from what the loader read. Pure:
 * the time is an argument, so the same data and `now` give the same site.
 */

export type MonitorStatus = 'ok' | 'failing' | 'never-scanned';
export const MONITOR_STATUSES: readonly MonitorStatus[] = ['ok', 'failing', 'never-scanned'];
export const STATUS_LABELS: Record<MonitorStatus, string> = { ok: 'OK', failing: 'Failing', 'never-scanned': 'Never scanned' };

/** One monitor as read from monitors/ and data/ (the loader's output). */
export interface MonitorData {
  readonly id: string;
  /** Null when data exists for a monitor no longer in monitors/. */
  readonly config: Monitor | null;
  readonly latestScan: ScanResult | null;
  /** The schedule time the last scan answered (store.lastCovered): what "next due" is measured from. */
  readonly lastCovered: Date | null;
  readonly history: MonitorHistory;
  /** Oldest first, as stored. */
  readonly changes: readonly Change[];
  /** Recent attempts, oldest first, as stored. */
  readonly jobs: readonly Job[];
}

export interface MonitorView {
  readonly id: string;
  readonly organization: string;
  readonly slug: string;
  readonly name: string;
  readonly url: string | null;
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly enabled: boolean;
  readonly schedule: string | null;
  readonly timezone: string;
  readonly configured: boolean;
  /** Marked `self: true`: the organization's own site, the reference on the compare page. */
  readonly self: boolean;
  /** The YAML file's path in the repository, for "edit" links. */
  readonly repoFile: string | null;
  readonly thresholdPercent: number;
  readonly status: MonitorStatus;
  readonly latestScan: ScanResult | null;
  readonly nextDue: string | null;
  readonly dueNow: boolean;
  readonly history: MonitorHistory;
  /** Newest first. */
  readonly changes: Change[];
  /** Newest first. */
  readonly jobs: Job[];
}

export interface OverviewCounts {
  readonly monitors: number;
  readonly byStatus: Record<MonitorStatus, number>;
  readonly changesThisWeek: Record<'total' | 'high' | 'medium' | 'low', number>;
  readonly jobs7: JobStats;
}

export interface SiteModel {
  readonly now: string;
  readonly builtAt: string;
  /** The newest record in data/; null when nothing was scanned yet. */
  readonly dataUpdatedAt: string | null;
  /** Changes when the data does; open pages poll it to offer a reload. */
  readonly buildId: string;
  readonly historyStart: string;
  readonly settings: Settings;
  readonly problems: readonly Problem[];
  readonly monitors: MonitorView[];
  readonly organizations: string[];
  readonly tags: string[];
  /** Every change, newest first. */
  readonly changes: Change[];
  /** Newest first. */
  readonly runs: RunRecord[];
  readonly runStats: RunStats;
  readonly landscape: Landscape;
  readonly trends: SiteTrends;
  readonly overview: OverviewCounts;
}

export interface SiteTrends {
  readonly months: readonly string[];
  /** Technology name → its months. */
  readonly adoption: ReadonlyMap<string, readonly TechnologyMonth[]>;
  readonly grades: readonly GradeMonth[];
  readonly performance: readonly PerformanceMonth[];
  /** Movers and adoption shifts of the last 30 days. */
  readonly summary: LandscapeSummary;
  /** Monitor id → technologies it runs behind the landscape's newest version. */
  readonly lags: ReadonlyMap<string, readonly VersionLag[]>;
}

export interface SiteInput {
  readonly monitors: readonly MonitorData[];
  readonly runs: readonly RunRecord[];
  readonly settings: Settings;
  readonly problems: readonly Problem[];
  readonly now: Date;
  readonly builtAt: Date;
  readonly historyStart: Date;
  readonly weekStarts: readonly string[];
}

const WEEK_MS = 7 * 86_400_000;
const DEFAULT_ALERTS = alertSettings.parse({});
const DEFAULT_CHANGES = changeSettings.parse({});

export function historySettings(monitor: Monitor | null): HistorySettings {
  const changes = monitor?.changes ?? DEFAULT_CHANGES;
  return {
    thresholdPercent: (monitor?.alerts ?? DEFAULT_ALERTS).performanceThresholdPercent,
    floors: changes.performance.floors,
    baselineScans: changes.performance.baselineScans,
    removalAfterScans: changes.removalAfterScans,
  };
}

export function assembleSite(input: SiteInput): SiteModel {
  const configured = input.monitors.flatMap((data) => (data.config ? [data.config] : []));
  const lastScans = new Map(input.monitors.flatMap((data) => (data.lastCovered ? [[data.id, data.lastCovered] as const] : [])));
  const decisions = new Map(due(configured, lastScans, input.now).map((decision) => [decision.monitor.id, decision]));
  const monitors = input.monitors
    .map((data) => monitorView(data, decisions.get(data.id)))
    .sort((a, b) => a.organization.localeCompare(b.organization) || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
  const changes = monitors.flatMap((monitor) => monitor.changes).sort(newestFirst);
  const runs = [...input.runs].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
  const jobs = monitors.flatMap((monitor) => monitor.jobs);
  const weekAgo = new Date(input.now.getTime() - WEEK_MS).toISOString();
  const dataUpdatedAt = newest([...monitors.map((monitor) => monitor.latestScan?.scannedAt), ...runs.map((run) => run.completedAt), changes[0]?.detectedAt]);
  const byStatus: Record<MonitorStatus, number> = { ok: 0, failing: 0, 'never-scanned': 0 };
  for (const monitor of monitors) byStatus[monitor.status] += 1;

  return {
    now: input.now.toISOString(),
    builtAt: input.builtAt.toISOString(),
    dataUpdatedAt,
    buildId: contentHash({
      dataUpdatedAt,
      monitors: monitors.map((monitor) => [monitor.id, monitor.latestScan?.id ?? null, monitor.name, monitor.enabled]),
      changes: [changes.length, changes[0]?.id ?? null],
      runs: [runs.length, runs[0]?.id ?? null],
    }),
    historyStart: input.historyStart.toISOString(),
    settings: input.settings,
    problems: input.problems,
    monitors,
    organizations: [...new Set(monitors.map((monitor) => monitor.organization))].sort(),
    tags: [...new Set(monitors.flatMap((monitor) => monitor.tags))].sort(),
    changes,
    runs,
    runStats: runStats(jobs, input.now),
    landscape: buildLandscape({
      monitors: monitors.map((monitor) => ({
        id: monitor.id,
        stack: monitor.history.stack,
        weekly: monitor.history.weekly,
        categories: monitor.history.categories,
      })),
      changes,
      weekStarts: input.weekStarts,
      now: input.now,
    }),
    trends: siteTrends(monitors, changes, input.now),
    overview: {
      monitors: monitors.length,
      byStatus,
      changesThisWeek: severityCounts(changes.filter((change) => change.detectedAt >= weekAgo)),
      jobs7: jobStats(jobs, new Date(input.now.getTime() - WEEK_MS)),
    },
  };
}

function siteTrends(monitors: readonly MonitorView[], changes: readonly Change[], now: Date): SiteTrends {
  const trendMonitors = monitors.map((monitor) => ({ id: monitor.id, monthly: monitor.history.monthly }));
  const months = trendMonths(trendMonitors, now.toISOString());
  return {
    months,
    adoption: adoptionByMonth(trendMonitors, changes, months),
    grades: gradesByMonth(trendMonitors, changes, months),
    performance: performanceByMonth(trendMonitors, changes, months),
    summary: landscapeSummary(changes, now),
    lags: versionLags(monitors.map((monitor) => ({ monitor: monitor.id, stack: monitor.history.stack }))),
  };
}

function monitorView(data: MonitorData, decision: ReturnType<typeof due>[number] | undefined): MonitorView {
  const config = data.config;
  const [organization = '', slug = ''] = data.id.split('/');
  const latest = data.latestScan;
  return {
    id: data.id,
    organization,
    slug,
    name: config?.name ?? data.id,
    url: config?.url ?? latest?.url ?? null,
    description: config?.description ?? null,
    tags: config?.tags ?? [],
    enabled: config?.enabled ?? false,
    schedule: config?.schedule ?? null,
    timezone: config?.timezone ?? 'UTC',
    configured: config !== null,
    self: config?.self ?? false,
    repoFile: config ? repositoryFile(config.file, data.id) : null,
    thresholdPercent: historySettings(config).thresholdPercent,
    status: latest === null ? 'never-scanned' : latest.ok ? 'ok' : 'failing',
    latestScan: latest,
    nextDue: decision?.nextDue?.toISOString() ?? null,
    dueNow: decision?.due ?? false,
    history: data.history,
    changes: [...data.changes].sort(newestFirst),
    jobs: [...data.jobs].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.attempt - a.attempt),
  };
}

/** The loader reads configs relative to the repository root; outside it, assume the usual monitors/ folder. */
function repositoryFile(file: string, id: string): string {
  if (!file.startsWith('..') && !file.startsWith('/')) return file;
  const extension = file.endsWith('.yml') ? 'yml' : 'yaml';
  return `monitors/${id}.${extension}`;
}

function newest(times: readonly (string | undefined | null)[]): string | null {
  let latest: string | null = null;
  for (const time of times) if (time && (latest === null || time > latest)) latest = time;
  return latest;
}
