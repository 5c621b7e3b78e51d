import type { Journal } from '../schema/journal.ts';
import type { Store } from '../store/store.ts';

/**
 * Applies a monitor's finished work: histories first, latest.json last, then the journal is
 * removed. Every step is idempotent, so replaying a journal after a crash is always safe.
 */
export async function applyJournal(store: Store, journal: Journal): Promise<void> {
  await store.appendScans([journal.scan]);
  await store.appendJobs(journal.jobs);
  await store.appendChanges(journal.changes);
  if (journal.scan.ok && journal.text !== null) await store.writeContentText(journal.monitor, journal.text);
  await store.writeLatestScan(journal.scan);
  await store.removeJournal(journal.monitor);
}

export async function commitJournal(store: Store, journal: Journal): Promise<void> {
  await store.writeJournal(journal);
  await applyJournal(store, journal);
}

/** Finishes what a killed run left behind; returns the monitors it repaired. */
export async function replayJournals(store: Store): Promise<string[]> {
  const replayed: string[] = [];
  for (const monitor of await store.monitorIds()) {
    const journal = await store.journal(monitor);
    if (!journal) continue;
    await applyJournal(store, journal);
    replayed.push(monitor);
  }
  return replayed;
}
