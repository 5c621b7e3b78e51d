import type { Notification } from '../schema/alert.ts';
import type { Change } from '../schema/change.ts';
import type { Monitor } from '../schema/monitor.ts';
import { SITE_PATHS, siteUrl } from '../shared/site-links.ts';
import type { IssueTracker } from '../github/issues.ts';
import type { AlertQueue } from '../store/alert-queue.ts';
import { webhookFor, type NotificationChannels } from './channels.ts';
import { issueActionFor, type IssueAction } from './github-issue.ts';
import { attempted, attemptFailed, DEFAULT_MAX_ATTEMPTS, delivered, errorMessage } from './lifecycle.ts';
import { notificationsFor } from './select.ts';
import { createWebhookSender, webhookPayload, type WebhookSender } from './webhook.ts';

/**
 * Notifications beyond email, through the same queue: the changes of this run are queued per
 * channel (idempotent by id), then everything pending is delivered in the order the changes
 * happened. A failure leaves the notification pending for the next run, up to the attempt cap.
 */

export interface NotifyOptions {
  readonly queue: AlertQueue;
  readonly monitors: readonly Monitor[];
  /** The changes this run recorded; a change already queued before is not queued again. */
  readonly changes: readonly Change[];
  readonly now: Date;
  readonly siteBaseUrl: string | null;
  readonly channels: NotificationChannels;
  readonly webhook?: WebhookSender;
  readonly maxAttempts?: number;
}

export type IssueOutcome = 'opened' | 'updated' | 'unchanged' | 'closed' | 'none-open';

export interface NotifyReport {
  readonly queued: number;
  readonly delivered: number;
  readonly failed: number;
  /** Reached the attempt cap this time: marked failed. */
  readonly givenUp: readonly Notification[];
  /** Left pending because their channel is off now, or an earlier one of the monitor's issue updates failed. */
  readonly waiting: number;
  readonly issues: readonly { readonly monitor: string; readonly outcome: IssueOutcome; readonly url: string | null }[];
  readonly failures: readonly { readonly id: string; readonly channel: Notification['channel']; readonly monitor: string; readonly error: string }[];
}

export async function notifyHighChanges(options: NotifyOptions): Promise<NotifyReport> {
  const { queue, channels, now } = options;
  const webhook = options.webhook ?? createWebhookSender();
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const monitors = new Map(options.monitors.map((monitor) => [monitor.id, monitor]));
  const link = (change: Change) =>
    options.siteBaseUrl === null ? null : siteUrl(options.siteBaseUrl, SITE_PATHS.change(change.monitor, change.id));

  const fresh = options.monitors.flatMap((monitor) =>
    notificationsFor(monitor, options.changes, now, {
      webhook: (candidate) => webhookFor(candidate, channels) !== null,
      githubIssues: channels.issues !== null,
    }),
  );
  const queued = await queue.enqueueNotifications(fresh);

  const report = { delivered: 0, waiting: 0 };
  const givenUp: Notification[] = [];
  const issues: NotifyReport['issues'][number][] = [];
  const failures: NotifyReport['failures'][number][] = [];
  // Issue updates of one monitor go in order: a site_recovered must not close before its site_down opened.
  const blocked = new Set<string>();

  const pending = (await queue.pendingNotifications()).sort(
    (a, b) => a.change.detectedAt.localeCompare(b.change.detectedAt) || a.createdAt.localeCompare(b.createdAt),
  );
  for (const notification of pending) {
    const monitor = monitors.get(notification.monitor);
    const identity = {
      id: notification.monitor,
      name: monitor?.name ?? notification.monitor,
      url: monitor?.url ?? null,
    };
    const isIssue = notification.channel === 'github-issue';
    if (isIssue && (channels.issues === null || blocked.has(notification.monitor))) {
      report.waiting += 1;
      continue;
    }
    const attempt = attempted(notification, now);
    try {
      let result: string | null = null;
      if (isIssue && channels.issues) {
        const outcome = await applyIssueAction(channels.issues, issueActionFor(notification.change, identity, link(notification.change)));
        issues.push({ monitor: notification.monitor, ...outcome });
        result = outcome.url;
      } else {
        const url = monitor ? webhookFor(monitor, channels) : null;
        if (url === null) throw new Error('no webhook is configured for this monitor any more');
        await webhook.post(url, webhookPayload(notification.id, notification.change, identity, link(notification.change)));
      }
      await queue.updateNotifications([{ ...delivered(attempt, now), result }]);
      report.delivered += 1;
    } catch (error) {
      const after = attemptFailed(attempt, errorMessage(error), maxAttempts);
      await queue.updateNotifications([after]);
      if (after.status === 'failed') givenUp.push(after);
      else if (isIssue) blocked.add(notification.monitor);
      failures.push({ id: notification.id, channel: notification.channel, monitor: notification.monitor, error: errorMessage(error) });
    }
  }
  return { queued: queued.length, delivered: report.delivered, failed: failures.length, givenUp, waiting: report.waiting, issues, failures };
}

async function applyIssueAction(tracker: IssueTracker, action: IssueAction): Promise<{ outcome: IssueOutcome; url: string | null }> {
  const existing = await tracker.findOpen(action.marker);
  if (action.kind === 'close') {
    if (!existing) return { outcome: 'none-open', url: null };
    await tracker.comment(existing.number, action.comment);
    await tracker.close(existing.number);
    return { outcome: 'closed', url: existing.url };
  }
  if (!existing) {
    const created = await tracker.create({ title: action.title, body: action.body });
    return { outcome: 'opened', url: created.url };
  }
  if (existing.body.includes(action.changeMarker)) return { outcome: 'unchanged', url: existing.url };
  await tracker.update(existing.number, { title: action.title, body: `${existing.body.trimEnd()}\n${action.entry}` });
  await tracker.comment(existing.number, `Another change of the same kind:\n\n${action.entry}`);
  return { outcome: 'updated', url: existing.url };
}
