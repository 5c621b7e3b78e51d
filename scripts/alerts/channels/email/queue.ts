import type { Alert, Digest } from '../../../schema/alert.ts';
import type { AlertQueue } from '../../../store/alert-queue.ts';
import { delivered } from '../channel.ts';

/**
 * The email alerts in the queue as the digests see them: a killed run can have sent a digest
 * (it is in the digest log) without marking its alerts sent; those are repaired, not resent.
 */

export interface Reconciled {
  /** In-flight alerts whose digest is already in the digest log: sent by a run killed before it could record them. */
  readonly recovered: Alert[];
  readonly pending: Alert[];
}

/** An alert attempted in a digest that the log says was accepted is sent, not owed again. */
export function reconcile(pending: readonly Alert[], sentDigests: readonly Digest[]): Reconciled {
  const sentAt = new Map(sentDigests.map((digest) => [digest.messageId, digest.sentAt]));
  const recovered: Alert[] = [];
  const open: Alert[] = [];
  for (const alert of pending) {
    const at = alert.messageId === null ? undefined : sentAt.get(alert.messageId);
    if (at === undefined) open.push(alert);
    else recovered.push(delivered(alert, at));
  }
  return { recovered, pending: open };
}

/** The earliest period end among in-flight alerts: digest log months before it cannot matter. */
export function inFlightSince(pending: readonly Alert[]): string | null {
  const ends = pending.flatMap((alert) => (alert.messageId !== null && alert.period ? [alert.period.end] : [])).sort();
  return ends[0] ?? null;
}

/** The pending alerts, split into those still owed and those a killed run already sent. */
export async function reconciledAlerts(queue: AlertQueue): Promise<Reconciled> {
  const pending = await queue.pending();
  const since = inFlightSince(pending);
  return since === null ? { recovered: [], pending } : reconcile(pending, await queue.digests({ since }));
}

/** Pending alerts still owed (repaired in memory only: nothing under data/ changes). */
export async function owedAlerts(queue: AlertQueue): Promise<Alert[]> {
  return (await reconciledAlerts(queue)).pending;
}

/** Reads the pending alerts and records as sent those a killed run sent without recording. */
export async function repairedAlerts(queue: AlertQueue): Promise<Reconciled> {
  const result = await reconciledAlerts(queue);
  await queue.update(result.recovered);
  return result;
}
