import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { prettyJson } from '../shared/canonical-json.ts';
import { changeSchema, type Change } from '../schema/change.ts';
import { jobSchema, type Job } from '../schema/job.ts';
import { journalSchema, type Journal } from '../schema/journal.ts';
import { runSchema, type RunRecord } from '../schema/run.ts';
import { blockTextsSchema } from '../schema/block-texts.ts';
import { SCAN_READABLE_VERSIONS, SCHEMA_VERSION } from '../schema/common.ts';
import { scanResultSchema, type ScanResult } from '../schema/scan.ts';
import { dayRollupSchema, type DayRollup } from '../schema/day-rollup.ts';
import { isDirectory, listDir, readTextIfExists, writeFileAtomic } from './files.ts';
import { layout } from './layout.ts';
import { MonthlyLog, type ReadOptions } from './monthly-log.ts';
import { parseJsonText, parseRecord } from './records.ts';
import { rollUpMonth } from './rollup.ts';

/**
 * data/ as the stages see it. Nothing else reads or writes files under data/; see
 * data/README.md for the layout. An empty or missing data/ is a valid, empty store.
 */
export interface Store {
  readonly dataDir: string;
  /** Monitor ids that have anything stored, sorted. */
  monitorIds(): Promise<string[]>;

  latestScan(monitor: string): Promise<ScanResult | null>;
  writeLatestScan(scan: ScanResult): Promise<void>;
  scans(monitor: string, options?: ReadOptions): Promise<ScanResult[]>;
  appendScans(scans: readonly ScanResult[]): Promise<ScanResult[]>;

  /**
   * Compacted history: the day rollups of the months whose full scans were rolled up, oldest
   * first. A month that still has its full scans file (a compaction killed before removing it)
   * is read from the full file only.
   */
  days(monitor: string, options?: Pick<ReadOptions, 'since'>): Promise<DayRollup[]>;
  /** Both forms in time order, for the site: rollups for the compacted past, full scans after. */
  history(monitor: string, options?: Pick<ReadOptions, 'since'>): Promise<MonitorHistoryRecords>;
  /** The months (`YYYY-MM`, oldest first) each of a monitor's histories has a file for. */
  historyMonths(monitor: string): Promise<HistoryMonths>;
  /**
   * Rolls one month of a monitor's full scans and job records up into day rollups: the rollup
   * file is written whole (temp file, rename) before the full files are removed, so a kill at any
   * point leaves a readable month, and a rerun finishes the work with the same bytes.
   */
  compactMonth(monitor: string, month: string): Promise<CompactedMonth>;

  jobs(monitor: string, options?: ReadOptions): Promise<Job[]>;
  /**
   * The schedule time the monitor's last scan answered (its kept job's `scheduledFor`; the scan
   * time for history without jobs). Due-ness is measured from this, not from the wall clock, so
   * runs with the same `--now` agree whatever the real time.
   */
  lastCovered(monitor: string): Promise<Date | null>;
  appendJobs(jobs: readonly Job[]): Promise<Job[]>;

  changes(monitor: string, options?: ReadOptions): Promise<Change[]>;
  appendChanges(changes: readonly Change[]): Promise<Change[]>;

  runs(options?: ReadOptions): Promise<RunRecord[]>;
  appendRun(run: RunRecord): Promise<void>;

  /** The wording of the content blocks of recent scans, by block hash, for excerpts (empty when none is kept). */
  blockTexts(monitor: string): Promise<Record<string, string>>;
  writeBlockTexts(monitor: string, texts: Readonly<Record<string, string>>): Promise<void>;

  /** Work a run finished but may not have applied yet (see scripts/schema/journal.ts). */
  writeJournal(journal: Journal): Promise<void>;
  journal(monitor: string): Promise<Journal | null>;
  removeJournal(monitor: string): Promise<void>;
}

export interface MonitorHistoryRecords {
  readonly days: DayRollup[];
  readonly scans: ScanResult[];
}

export interface HistoryMonths {
  readonly scans: string[];
  readonly jobs: string[];
  readonly days: string[];
}

export interface CompactedMonth {
  readonly month: string;
  /** Full records removed (0 when a killed compaction had already removed them). */
  readonly scans: number;
  readonly jobs: number;
  readonly days: number;
}

/** Enough job records to find the last kept one behind any retries. */
const RECENT_JOBS = 20;

export function openStore(dataDir: string): Store {
  const paths = layout(dataDir);
  const scanLog = (monitor: string) =>
    new MonthlyLog(
      paths.scansDir(monitor),
      scanResultSchema,
      (scan) => scan.scannedAt,
      (scan) => scan.id,
      SCAN_READABLE_VERSIONS,
    );
  const jobLog = (monitor: string) =>
    new MonthlyLog(
      paths.jobsDir(monitor),
      jobSchema,
      (job) => job.startedAt,
      (job) => job.id,
    );
  const changeLog = (monitor: string) =>
    new MonthlyLog(
      paths.changesDir(monitor),
      changeSchema,
      (change) => change.detectedAt,
      (change) => change.id,
    );
  const dayLog = (monitor: string) =>
    new MonthlyLog(
      paths.daysDir(monitor),
      dayRollupSchema,
      (day) => day.lastScanAt ?? `${day.day}T23:59:59.999Z`,
      (day) => day.day,
    );
  const runLog = new MonthlyLog(
    paths.runsDir,
    runSchema,
    (run) => run.startedAt,
    (run) => run.id,
  );

  async function latestScan(monitor: string): Promise<ScanResult | null> {
    const file = paths.latest(monitor);
    const text = await readTextIfExists(file);
    return text === null ? null : parseRecord(scanResultSchema, parseJsonText(text, file), file, SCAN_READABLE_VERSIONS);
  }

  /** Appends per monitor, each monitor's records to its own log. */
  async function appendPerMonitor<T extends { monitor: string | null }>(
    records: readonly T[],
    append: (monitor: string, records: T[]) => Promise<T[]>,
  ): Promise<T[]> {
    const byMonitor = new Map<string, T[]>();
    for (const record of records) {
      if (record.monitor === null) throw new Error('only monitor records can be stored');
      byMonitor.set(record.monitor, [...(byMonitor.get(record.monitor) ?? []), record]);
    }
    const appended: T[] = [];
    for (const [monitor, group] of byMonitor) appended.push(...(await append(monitor, group)));
    return appended;
  }

  async function days(monitor: string, { since }: Pick<ReadOptions, 'since'> = {}): Promise<DayRollup[]> {
    const full = new Set(await scanLog(monitor).months());
    const log = dayLog(monitor);
    const sinceMonth = since?.slice(0, 7);
    const rollups: DayRollup[] = [];
    for (const month of await log.months()) {
      if (full.has(month) || (sinceMonth !== undefined && month < sinceMonth)) continue;
      rollups.push(...(await log.readMonth(month)).filter((day) => since === undefined || (day.lastScanAt ?? `${day.day}T23:59:59.999Z`) >= since));
    }
    return rollups;
  }

  return {
    dataDir,

    async monitorIds() {
      const ids: string[] = [];
      for (const organization of await listDir(paths.monitorsDir)) {
        if (!(await isDirectory(join(paths.monitorsDir, organization)))) continue;
        for (const slug of await listDir(join(paths.monitorsDir, organization))) {
          if (await isDirectory(join(paths.monitorsDir, organization, slug))) ids.push(`${organization}/${slug}`);
        }
      }
      return ids;
    },

    latestScan,

    async writeLatestScan(scan) {
      if (scan.monitor === null) throw new Error('an ad-hoc scan has no latest record');
      await writeFileAtomic(paths.latest(scan.monitor), prettyJson(scanResultSchema.parse(scan)));
    },

    scans: (monitor, options) => scanLog(monitor).read(options),
    appendScans: (scans) => appendPerMonitor(scans, (monitor, group) => scanLog(monitor).append(group)),

    days,
    async history(monitor, options = {}) {
      return { days: await days(monitor, options), scans: await scanLog(monitor).read(options) };
    },
    async historyMonths(monitor) {
      return { scans: await scanLog(monitor).months(), jobs: await jobLog(monitor).months(), days: await dayLog(monitor).months() };
    },
    async compactMonth(monitor, month) {
      const scans = scanLog(monitor);
      const jobs = jobLog(monitor);
      const rollups = dayLog(monitor);
      const hasScans = (await scans.months()).includes(month);
      const hasRollups = (await rollups.months()).includes(month);
      const fullScans = hasScans ? await scans.readMonth(month) : [];
      const fullJobs = await jobs.readMonth(month);
      // Without the full scans, an existing rollup file is the only copy of them: it was written
      // whole before anything was removed, so it is kept as it is and only the removals are finished.
      const written = hasScans || !hasRollups ? rollUpMonth(monitor, fullScans, fullJobs) : await rollups.readMonth(month);
      if (hasScans || !hasRollups) await rollups.replaceMonth(month, written);
      await scans.removeMonth(month);
      await jobs.removeMonth(month);
      return { month, scans: fullScans.length, jobs: fullJobs.length, days: written.length };
    },

    jobs: (monitor, options) => jobLog(monitor).read(options),
    async lastCovered(monitor) {
      const kept = (await jobLog(monitor).read({ limit: RECENT_JOBS })).filter((job) => job.scanId !== null).at(-1);
      if (kept) return new Date(kept.scheduledFor);
      const latest = await latestScan(monitor);
      return latest ? new Date(latest.scannedAt) : null;
    },
    appendJobs: (jobs) => appendPerMonitor(jobs, (monitor, group) => jobLog(monitor).append(group)),

    changes: (monitor, options) => changeLog(monitor).read(options),
    appendChanges: (changes) => appendPerMonitor(changes, (monitor, group) => changeLog(monitor).append(group)),

    runs: (options) => runLog.read(options),
    async appendRun(run) {
      await runLog.append([run]);
    },

    async blockTexts(monitor) {
      const file = paths.blockTexts(monitor);
      const text = await readTextIfExists(file);
      return text === null ? {} : parseRecord(blockTextsSchema, parseJsonText(text, file), file).texts;
    },
    async writeBlockTexts(monitor, texts) {
      await writeFileAtomic(paths.blockTexts(monitor), prettyJson(blockTextsSchema.parse({ schemaVersion: SCHEMA_VERSION, texts })));
      await rm(paths.legacyContentText(monitor), { force: true });
    },

    async writeJournal(journal) {
      await writeFileAtomic(paths.journal(journal.monitor), prettyJson(journalSchema.parse(journal)));
    },
    async journal(monitor) {
      const file = paths.journal(monitor);
      const text = await readTextIfExists(file);
      return text === null ? null : parseRecord(journalSchema, parseJsonText(text, file), file);
    },
    async removeJournal(monitor) {
      await rm(paths.journal(monitor), { force: true });
    },
  };
}
