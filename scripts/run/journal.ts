import type { Journal } from '../schema/journal.ts';
import type { AlertQueue } from '../store/alert-queue.ts';
import type { Store } from '../store/store.ts';

/** Where a journal's work goes: the histories and the alert queue. */
export interface JournalTargets {
  readonly store: Store;
  readonly queue: AlertQueue;
}

/**
 * Applies a monitor's finished work: histories and queue first, latest.json last, then the
 * journal is removed. Every step is idempotent, so replaying a journal after a crash is safe.
 */
export async function applyJournal({ store, queue }: JournalTargets, journal: Journal): Promise<void> {
  await store.appendScans([journal.scan]);
  await store.appendJobs(journal.jobs);
  await store.appendChanges(journal.changes);
  await queue.enqueue(journal.alerts);
  await queue.enqueueNotifications(journal.notifications);
  if (journal.scan.ok && journal.blockTexts) await store.writeBlockTexts(journal.monitor, journal.blockTexts);
  await store.writeLatestScan(journal.scan);
  await store.removeJournal(journal.monitor);
}

export async function commitJournal(targets: JournalTargets, journal: Journal): Promise<void> {
  await targets.store.writeJournal(journal);
  await applyJournal(targets, journal);
}

/** Finishes what a killed run left behind; returns the monitors it repaired. */
export async function replayJournals(targets: JournalTargets): Promise<string[]> {
  const replayed: string[] = [];
  for (const monitor of await targets.store.monitorIds()) {
    const journal = await targets.store.journal(monitor);
    if (!journal) continue;
    await applyJournal(targets, journal);
    replayed.push(monitor);
  }
  return replayed;
}
