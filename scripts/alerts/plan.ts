import type { Alert, Digest } from '../schema/alert.ts';
import type { Monitor, Settings } from '../schema/monitor.ts';
import { composeDigest, FALLBACK_MESSAGE_ID_DOMAIN, type ComposedDigest } from './compose.ts';
import { digestsDue, type DigestPlan } from './due.ts';
import type { LandscapeSummary } from '../insight/movers.ts';
import { delivered } from './lifecycle.ts';

/**
 * From the queue's state to the digests to send, without touching anything: shared by
 * `digest --send` (which then sends them) and `digest --preview` (which only shows them).
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
    else recovered.push({ ...delivered(alert, at) });
  }
  return { recovered, pending: open };
}

/** The earliest period end among in-flight alerts: digest log months before it cannot matter. */
export function inFlightSince(pending: readonly Alert[]): string | null {
  const ends = pending.flatMap((alert) => (alert.messageId !== null && alert.period ? [alert.period.end] : [])).sort();
  return ends[0] ?? null;
}

export interface ComposeSettings {
  readonly monitors: readonly Monitor[];
  readonly settings: Settings;
  readonly siteBaseUrl: string | null;
  readonly messageIdDomain?: string;
  /** Carried by weekly digests of recipients who opted in. */
  readonly landscape?: LandscapeSummary | null;
}

export interface PlannedDigest {
  readonly plan: DigestPlan;
  /** The message; a retry keeps the Message-ID it was first attempted with. */
  readonly digest: ComposedDigest;
}

export function planDigests(pending: readonly Alert[], now: Date, options: ComposeSettings): PlannedDigest[] {
  const context = {
    monitors: options.monitors,
    siteBaseUrl: options.siteBaseUrl,
    timezone: options.settings.digests.timezone,
    messageIdDomain: options.messageIdDomain ?? FALLBACK_MESSAGE_ID_DOMAIN,
    landscape: options.landscape ?? null,
  };
  return digestsDue(pending, options.settings.digests, now).map((plan) => {
    const digest = composeDigest(plan.alerts, plan.period, context);
    return { plan, digest: plan.messageId === null ? digest : { ...digest, messageId: plan.messageId } };
  });
}
