import { join } from 'node:path';
import type { Monitor, Settings } from '../../../schema/monitor.ts';
import type { AlertQueue } from '../../../store/alert-queue.ts';
import { writeFileAtomic } from '../../../store/files.ts';
import { FALLBACK_MESSAGE_ID_DOMAIN } from '../../digest/compose.ts';
import { digestsDue } from '../../digest/due.ts';
import { landscapeFor, type LandscapeSource } from '../../digest/landscape.ts';
import { composeDue, type PlannedDigest } from '../../digest/plan.ts';
import { outboxFileName } from './mailer.ts';
import { owedAlerts } from './queue.ts';
import { resolveSender, senderDomain } from './sender.ts';

/**
 * `digest --preview`: the digests that would go out now, rendered to HTML files for a browser.
 * Nothing under data/ changes.
 */

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
  const due = digestsDue(await owedAlerts(options.queue), options.settings.digests, options.now);
  const landscape = await landscapeFor(due, options.monitors, options.landscapeSource);
  const previews: PreviewedDigest[] = [];
  for (const item of composeDue(due, { ...options, landscape, messageIdDomain: domain })) {
    const htmlFile = join(options.previewDir, outboxFileName({ to: item.digest.recipient, messageId: item.digest.messageId }).replace(/\.eml$/, '.html'));
    await writeFileAtomic(htmlFile, item.digest.html);
    previews.push({ ...item, htmlFile });
  }
  return previews;
}
