import type { Alert, Notification, NotificationChannel } from '../schema/alert.ts';
import type { Change } from '../schema/change.ts';
import { SCHEMA_VERSION, severityRank } from '../schema/common.ts';
import type { Monitor } from '../schema/monitor.ts';
import { contentHash } from '../shared/hash.ts';

/**
 * Which changes become alerts (one per recipient, for the email digest) and notifications (one
 * per channel: webhook, GitHub issue). Pure: the monitor's `alerts` settings and the changes in,
 * records out. Ids hash what the record is owed for, so queueing the same change twice is a no-op.
 */

const ID_LENGTH = 16;

/** The changes a monitor's alert settings let through: enabled, a trigger type, severe enough. */
export function alertingChanges(monitor: Monitor, changes: readonly Change[]): Change[] {
  const { enabled, triggers, minSeverity } = monitor.alerts;
  if (!enabled) return [];
  const minimum = severityRank(minSeverity);
  return changes.filter(
    (change) =>
      change.monitor === monitor.id && triggers.includes(change.type) && severityRank(change.severity) >= minimum,
  );
}

export function alertId(changeId: string, recipient: string): string {
  return contentHash({ change: changeId, recipient }, ID_LENGTH);
}

export function alertsFor(monitor: Monitor, changes: readonly Change[], createdAt: Date): Alert[] {
  return alertingChanges(monitor, changes).flatMap((change) =>
    monitor.alerts.recipients.map(
      (recipient): Alert => ({
        schemaVersion: SCHEMA_VERSION,
        id: alertId(change.id, recipient),
        monitor: monitor.id,
        recipient,
        frequency: monitor.alerts.digest,
        severity: change.severity,
        createdAt: createdAt.toISOString(),
        status: 'pending',
        attempts: 0,
        lastError: null,
        lastAttemptAt: null,
        sentAt: null,
        messageId: null,
        period: null,
        change,
      }),
    ),
  );
}

export interface ChannelAvailability {
  /** A webhook URL applies to this monitor (its own, or the repository-wide default). */
  readonly webhook: (monitor: Monitor) => boolean;
  /** GitHub issues are configured (token and repository). */
  readonly githubIssues: boolean;
}

/**
 * Webhook: every alerting change. GitHub issue: alerting changes of high severity, plus every
 * `site_recovered` (whatever its severity) so the outage issue its `site_down` opened is closed.
 */
export function notificationsFor(
  monitor: Monitor,
  changes: readonly Change[],
  createdAt: Date,
  channels: ChannelAvailability,
): Notification[] {
  const alerting = alertingChanges(monitor, changes);
  const webhook = channels.webhook(monitor) ? alerting : [];
  const issues =
    channels.githubIssues && monitor.alerts.githubIssue && monitor.alerts.enabled
      ? changes.filter(
          (change) =>
            change.monitor === monitor.id &&
            (change.type === 'site_recovered' || (change.severity === 'high' && alerting.includes(change))),
        )
      : [];
  const notification = (channel: NotificationChannel, change: Change): Notification => ({
    schemaVersion: SCHEMA_VERSION,
    id: contentHash({ channel, change: change.id }, ID_LENGTH),
    monitor: monitor.id,
    channel,
    createdAt: createdAt.toISOString(),
    status: 'pending',
    attempts: 0,
    lastError: null,
    lastAttemptAt: null,
    sentAt: null,
    result: null,
    change,
  });
  return [
    ...webhook.map((change) => notification('webhook', change)),
    ...issues.map((change) => notification('github-issue', change)),
  ];
}
