import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Job } from '../schema/job.ts';
import type { RunRecord } from '../schema/run.ts';
import type { ScanResult } from '../schema/scan.ts';
import type { Store } from '../store/store.ts';

/** The monitor files the run benchmarks write, and the records a run left for them, read through the store. */

export const BENCH_ORGANIZATION = 'bench';
const SCHEDULE = '0 */6 * * *';

export interface BenchMonitor {
  readonly slug: string;
  readonly url: string;
  /** Lines of the monitor's `scan:` block (indented by the writer), beside `depth: standard`. */
  readonly scan?: readonly string[];
}

/** Writes one file per monitor under `bench/`; returns the monitor ids in order. */
export async function writeMonitorFiles(monitorsDir: string, monitors: readonly BenchMonitor[]): Promise<string[]> {
  await mkdir(join(monitorsDir, BENCH_ORGANIZATION), { recursive: true });
  const ids: string[] = [];
  for (const monitor of monitors) {
    const scan = ['depth: standard', ...(monitor.scan ?? [])].map((line) => `  ${line}`);
    const yaml = [`name: Bench ${monitor.slug}`, `url: ${monitor.url}`, `schedule: "${SCHEDULE}"`, 'scan:', ...scan, ''].join('\n');
    await writeFile(join(monitorsDir, BENCH_ORGANIZATION, `${monitor.slug}.yaml`), yaml);
    ids.push(`${BENCH_ORGANIZATION}/${monitor.slug}`);
  }
  return ids;
}

/** `monitor-001`…: slugs that sort in order. */
export function benchSlug(index: number, count: number): string {
  return `monitor-${String(index + 1).padStart(String(count).length, '0')}`;
}

export interface RunRecords {
  /** Every job of the monitors, retries included. */
  readonly jobs: readonly Job[];
  /** The scan each monitor kept, by monitor id. */
  readonly scans: ReadonlyMap<string, ScanResult>;
  readonly run: RunRecord;
}

/** What the one run stored for `ids`; fails unless exactly one run was recorded. */
export async function readRunRecords(store: Store, ids: readonly string[]): Promise<RunRecords> {
  const jobs: Job[] = [];
  const scans = new Map<string, ScanResult>();
  for (const id of ids) {
    jobs.push(...(await store.jobs(id)));
    const scan = await store.latestScan(id);
    if (scan) scans.set(id, scan);
  }
  const runs = await store.runs();
  const [run] = runs;
  if (runs.length !== 1 || !run) throw new Error(`expected one run record, found ${runs.length}`);
  return { jobs, scans, run };
}
