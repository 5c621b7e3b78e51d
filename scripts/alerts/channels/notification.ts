import type { Notification, NotificationChannel } from '../../schema/alert.ts';
import type { Change } from '../../schema/change.ts';
import { SCHEMA_VERSION } from '../../schema/common.ts';
import type { Monitor } from '../../schema/monitor.ts';
import { contentHash } from '../../shared/hash.ts';
import { SITE_PATHS, siteUrl } from '../../shared/site-links.ts';
import { NEVER_ATTEMPTED } from './channel.ts';

/** What the channels that notify one change at a time (webhook, GitHub issues) share. */

export interface ChannelContext {
  /** The configured monitors, for names and URLs (a notification of a removed monitor shows its id). */
  readonly monitors: readonly Monitor[];
  /** Base URL of the published site; null leaves links out. */
  readonly siteBaseUrl: string | null;
  readonly maxAttempts?: number;
}

const ID_LENGTH = 16;

/** A change owed to one channel, pending. The id hashes the channel and the change, so queueing it twice is a no-op. */
export function notification(channel: NotificationChannel, monitor: string, change: Change, createdAt: Date): Notification {
  return {
    schemaVersion: SCHEMA_VERSION,
    id: contentHash({ channel, change: change.id }, ID_LENGTH),
    monitor,
    channel,
    createdAt: createdAt.toISOString(),
    ...NEVER_ATTEMPTED,
    result: null,
    change,
  };
}

/** The change on its monitor's page, when the site's address is known. */
export function changeLink(siteBaseUrl: string | null, change: Pick<Change, 'monitor' | 'id'>): string | null {
  return siteBaseUrl === null ? null : siteUrl(siteBaseUrl, SITE_PATHS.change(change.monitor, change.id));
}
