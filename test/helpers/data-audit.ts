import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { openAlertQueue } from '../../scripts/alerts/index.ts';
import type { Alert, Digest, Notification } from '../../scripts/schema/alert.ts';
import type { Change } from '../../scripts/schema/change.ts';
import type { Job } from '../../scripts/schema/job.ts';
import type { Journal } from '../../scripts/schema/journal.ts';
import type { RunRecord } from '../../scripts/schema/run.ts';
import type { ScanResult } from '../../scripts/schema/scan.ts';
import { TEMP_SUFFIX } from '../../scripts/store/files.ts';
import { openStore } from '../../scripts/store/store.ts';

/**
 * Everything under a data/ folder, read back through the store and the alert queue (so through
 * every record's zod schema), plus a walk of the raw files: a file the readers do not know, a
 * JSON file that does not parse, or a JSONL line cut short is reported as a problem.
 */

export interface DataSnapshot {
  readonly scans: readonly ScanResult[];
  readonly latest: readonly ScanResult[];
  readonly jobs: readonly Job[];
  readonly changes: readonly Change[];
  readonly journals: readonly Journal[];
  readonly runs: readonly RunRecord[];
  readonly pendingAlerts: readonly Alert[];
  readonly alertHistory: readonly Alert[];
  readonly digests: readonly Digest[];
  readonly pendingNotifications: readonly Notification[];
  readonly notificationHistory: readonly Notification[];
  /** Temp files of atomic writes a killed process left (never read, never committed). */
  readonly tempFiles: readonly string[];
  /** Raw files that are not whole JSON or whole JSONL lines. */
  readonly problems: readonly string[];
}

export async function auditData(dataDir: string): Promise<DataSnapshot> {
  const store = openStore(dataDir);
  const queue = openAlertQueue(dataDir);
  const scans: ScanResult[] = [];
  const latest: ScanResult[] = [];
  const jobs: Job[] = [];
  const changes: Change[] = [];
  const journals: Journal[] = [];
  for (const monitor of await store.monitorIds()) {
    scans.push(...(await store.scans(monitor)));
    jobs.push(...(await store.jobs(monitor)));
    changes.push(...(await store.changes(monitor)));
    const last = await store.latestScan(monitor);
    if (last) latest.push(last);
    const journal = await store.journal(monitor);
    if (journal) journals.push(journal);
    await store.blockTexts(monitor);
  }
  const { tempFiles, problems } = await walkRaw(dataDir);
  return {
    scans,
    latest,
    jobs,
    changes,
    journals,
    runs: await store.runs(),
    // Raw pending.json, not the reconciled view: what is on disk must parse too.
    pendingAlerts: await queue.pending(),
    alertHistory: await queue.history(),
    digests: await queue.digests(),
    pendingNotifications: await queue.pendingNotifications(),
    notificationHistory: await queue.notificationHistory(),
    tempFiles,
    problems,
  };
}

async function walkRaw(dataDir: string): Promise<{ tempFiles: string[]; problems: string[] }> {
  const tempFiles: string[] = [];
  const problems: string[] = [];
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(dataDir, path);
    if (entry.name.endsWith(TEMP_SUFFIX)) {
      tempFiles.push(name);
      continue;
    }
    const text = await readFile(path, 'utf8');
    if (entry.name.endsWith('.jsonl')) {
      if (text !== '' && !text.endsWith('\n')) problems.push(`${name}: last line cut short`);
      text
        .split('\n')
        .filter(Boolean)
        .forEach((lineText, index) => {
          if (!parses(lineText)) problems.push(`${name}:${index + 1}: not JSON`);
        });
    } else if (entry.name.endsWith('.json')) {
      if (!parses(text)) problems.push(`${name}: not JSON`);
    } else if (entry.name !== 'README.md') {
      problems.push(`${name}: not a data file`);
    }
  }
  return { tempFiles, problems };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
