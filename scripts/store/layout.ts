import { join } from 'node:path';

/**
 * Where each record lives under data/. Per monitor: a small latest record that is overwritten
 * and monthly append-only JSONL histories, so one run touches few lines and runs rarely
 * conflict. See data/README.md.
 */

/** `2026-11` from an ISO timestamp: the month file a record belongs to (UTC). */
export function monthOf(isoTime: string): string {
  return isoTime.slice(0, 7);
}

export const MONTH_FILE = /^\d{4}-\d{2}\.jsonl$/;

/** A run's unapplied work for one monitor; transient, so git-ignored. */
export const JOURNAL_FILE = '.pending.json';

export function layout(dataDir: string) {
  const monitorDir = (monitor: string) => join(dataDir, 'monitors', ...monitor.split('/'));
  return {
    monitorsDir: join(dataDir, 'monitors'),
    monitorDir,
    latest: (monitor: string) => join(monitorDir(monitor), 'latest.json'),
    blockTexts: (monitor: string) => join(monitorDir(monitor), 'content.json'),
    /** Written by earlier versions (the latest scan's whole text); removed once content.json replaces it. */
    legacyContentText: (monitor: string) => join(monitorDir(monitor), 'content.txt'),
    journal: (monitor: string) => join(monitorDir(monitor), JOURNAL_FILE),
    scansDir: (monitor: string) => join(monitorDir(monitor), 'scans'),
    jobsDir: (monitor: string) => join(monitorDir(monitor), 'jobs'),
    changesDir: (monitor: string) => join(monitorDir(monitor), 'changes'),
    /** Compacted history: one record per UTC day, for the months whose full scans were rolled up. */
    daysDir: (monitor: string) => join(monitorDir(monitor), 'days'),
    runsDir: join(dataDir, 'runs'),
    alertsDir: join(dataDir, 'alerts'),
    alertsPending: join(dataDir, 'alerts', 'pending.json'),
    alertHistoryDir: join(dataDir, 'alerts', 'history'),
    digestsDir: join(dataDir, 'alerts', 'digests'),
    notificationsDir: join(dataDir, 'alerts', 'notifications'),
    monthFile: (dir: string, isoTime: string) => join(dir, `${monthOf(isoTime)}.jsonl`),
  };
}
