import { join } from 'node:path';
import type { Alert } from '../schema/alert.ts';
import type { Monitor, Settings } from '../schema/monitor.ts';
import type { AlertQueue } from '../store/alert-queue.ts';
import { writeFileAtomic } from '../store/files.ts';
import { FALLBACK_MESSAGE_ID_DOMAIN } from './compose.ts';
import { outboxFileName } from './mailer.ts';
import { inFlightSince, planDigests, reconcile, type PlannedDigest } from './plan.ts';
import { digestsDue } from './due.ts';
import { landscapeFor, type LandscapeSource } from './landscape.ts';
import { resolveSender, senderDomain } from './sender.ts';

/**
 * Read-only views of the queue for `digest`: what is owed, and the digests that would go out
 * now rendered to HTML files for a browser. Nothing under data/ changes.
 */

/** Pending alerts, minus those a killed run already sent (repaired in memory only). */
export async function owedAlerts(queue: AlertQueue): Promise<Alert[]> {
  const pending = await queue.pending();
  const since = inFlightSince(pending);
  return since === null ? pending : reconcile(pending, await queue.digests({ since })).pending;
}

export interface PreviewOptions {
  readonly queue: AlertQueue;
  readonly monitors: readonly Monitor[];
  readonly settings: Settings;
  readonly now: Date;
  readonly siteBaseUrl: string | null;
  /** `$MAIL_FROM`, for the Message-ID domain a send would use. */
  readonly mailFrom: string | null;
  /** Where the HTML files go. */
  readonly previewDir: string;
  readonly landscapeSource?: LandscapeSource;
}

export interface PreviewedDigest extends PlannedDigest {
  readonly htmlFile: string;
}

export async function previewDigests(options: PreviewOptions): Promise<PreviewedDigest[]> {
  const configured = { env: options.mailFrom, settings: options.settings.mail.from };
  const domain = configured.env || configured.settings ? senderDomain(resolveSender(configured, 'outbox')) : FALLBACK_MESSAGE_ID_DOMAIN;
  const owed = await owedAlerts(options.queue);
  const landscape = await landscapeFor(digestsDue(owed, options.settings.digests, options.now), options.monitors, options.landscapeSource);
  const planned = planDigests(owed, options.now, { ...options, landscape, messageIdDomain: domain });
  const previews: PreviewedDigest[] = [];
  for (const item of planned) {
    const htmlFile = join(options.previewDir, outboxFileName({ to: item.digest.recipient, messageId: item.digest.messageId }).replace(/\.eml$/, '.html'));
    await writeFileAtomic(htmlFile, item.digest.html);
    previews.push({ ...item, htmlFile });
  }
  return previews;
}
