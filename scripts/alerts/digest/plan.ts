import type { LandscapeSummary } from '../../insight/movers.ts';
import type { Monitor, Settings } from '../../schema/monitor.ts';
import { composeDigest, FALLBACK_MESSAGE_ID_DOMAIN, type ComposedDigest } from './compose.ts';
import type { DigestPlan } from './due.ts';

/**
 * The digests due, composed, without touching anything: shared by the email channel (which
 * then sends them) and `digest --preview` (which only shows them).
 */

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

/** The messages of digests already found due (each a pure composition of its alerts). */
export function composeDue(due: readonly DigestPlan[], options: ComposeSettings): PlannedDigest[] {
  const context = {
    monitors: options.monitors,
    siteBaseUrl: options.siteBaseUrl,
    timezone: options.settings.digests.timezone,
    messageIdDomain: options.messageIdDomain ?? FALLBACK_MESSAGE_ID_DOMAIN,
    landscape: options.landscape ?? null,
  };
  return due.map((plan) => {
    const digest = composeDigest(plan.alerts, plan.period, context);
    return { plan, digest: plan.messageId === null ? digest : { ...digest, messageId: plan.messageId } };
  });
}
