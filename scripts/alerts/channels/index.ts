import { createIssueTracker, githubIssuesConfig, type GithubConfig, type IssueTracker } from '../../github/issues.ts';
import type { Alert, Notification } from '../../schema/alert.ts';
import type { Change } from '../../schema/change.ts';
import type { Monitor, Settings } from '../../schema/monitor.ts';
import type { AlertQueue } from '../../store/alert-queue.ts';
import type { LandscapeSource } from '../digest/landscape.ts';
import { deliverThrough, type Channel, type Delivered } from './channel.ts';
import { deliverDigests, emailChannel, type DeliveryReport, type EmailChannel } from './email/email.ts';
import type { Mailer } from './email/mailer.ts';
import { githubIssueChannel } from './github-issue.ts';
import { webhookChannel, type WebhookSender } from './webhook.ts';

/**
 * The registry of alert channels: which are on, from the configuration and the environment.
 * Email is always on (SMTP, else the outbox); webhooks when a monitor or $TECHSCAN_WEBHOOK_URL
 * names one; GitHub issues when monitors ask for them and a token and a repository are known.
 * A channel that monitors ask for but that lacks its secret is off, with one notice line saying
 * why; it is never a failure. Adding a channel is a module beside this one and a line below.
 */

type Env = Readonly<Record<string, string | undefined>>;

export interface ChannelOptions {
  readonly env: Env;
  readonly monitors: readonly Monitor[];
  readonly settings: Settings;
  /** Base URL of the published site; null leaves links out. */
  readonly siteBaseUrl: string | null;
  readonly mailer: Mailer;
  /** The landscape summary for weekly digests that carry it. */
  readonly landscapeSource?: LandscapeSource;
  readonly maxAttempts?: number;
  /** The GitHub and webhook edges; tests and the demo pass their own. */
  readonly openTracker?: (config: GithubConfig) => IssueTracker;
  readonly webhookSender?: WebhookSender;
}

export interface Channels {
  readonly email: EmailChannel;
  /** The channels that notify one change at a time: webhook, GitHub issues when on. */
  readonly notifiers: readonly Channel<Notification, unknown>[];
  readonly notices: readonly string[];
}

export function openChannels(options: ChannelOptions): Channels {
  const notices: string[] = [];
  const context = {
    monitors: options.monitors,
    siteBaseUrl: options.siteBaseUrl,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  };
  const tracker = issueTracker(options, notices);
  const notifiers: Channel<Notification, unknown>[] = [
    webhookChannel({
      ...context,
      defaultWebhook: defaultWebhook(options.env.TECHSCAN_WEBHOOK_URL, notices),
      ...(options.webhookSender ? { sender: options.webhookSender } : {}),
    }),
    ...(tracker ? [githubIssueChannel({ ...context, tracker })] : []),
  ];
  return { email: emailChannel(options), notifiers, notices };
}

/** GitHub issues, when monitors ask for them and the environment allows; null (with a notice) otherwise. */
function issueTracker(options: ChannelOptions, notices: string[]): IssueTracker | null {
  const wanting = options.monitors.filter((monitor) => monitor.enabled && monitor.alerts.enabled && monitor.alerts.githubIssue);
  if (wanting.length === 0) return null;
  const config = githubIssuesConfig(options.env, options.settings);
  if ('missing' in config) {
    notices.push(`GitHub issues are off: ${config.missing} (alerts.githubIssue is on for ${wanting.map((monitor) => monitor.id).join(', ')})`);
    return null;
  }
  return (options.openTracker ?? createIssueTracker)(config);
}

/** `$TECHSCAN_WEBHOOK_URL`: the webhook of every monitor without its own `alerts.webhook`. */
function defaultWebhook(raw: string | undefined, notices: string[]): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (URL.canParse(value)) {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  }
  notices.push('TECHSCAN_WEBHOOK_URL is not an http(s) URL: the repository-wide webhook is off');
  return null;
}

/** What a monitor's new changes owe the channels: email alerts, and notifications. Pure. */
export function owedTo(channels: Channels, monitor: Monitor, changes: readonly Change[], createdAt: Date): { alerts: Alert[]; notifications: Notification[] } {
  return {
    alerts: channels.email.take(monitor, changes, createdAt),
    notifications: channels.notifiers.flatMap((channel) => channel.take(monitor, changes, createdAt)),
  };
}

export interface NotifyReport {
  readonly delivered: number;
  readonly failed: number;
  /** Reached the attempt cap this time: marked failed. */
  readonly givenUp: readonly Notification[];
  /** Left pending because their channel is off now, or an earlier notification of the monitor failed. */
  readonly waiting: number;
  /** What each delivery did and where it went (the issue opened, updated or closed). */
  readonly results: readonly { readonly channel: string; readonly monitor: string; readonly outcome: string | null; readonly location: string | null }[];
  readonly failures: readonly { readonly id: string; readonly channel: string; readonly monitor: string; readonly error: string }[];
}

/** Delivers the queued notifications of every open notifier, each channel's in the order the changes happened. */
export async function deliverNotifications(channels: Channels, queue: AlertQueue, now: Date): Promise<NotifyReport> {
  const pending = (await queue.pendingNotifications()).sort(
    (a, b) => a.change.detectedAt.localeCompare(b.change.detectedAt) || a.createdAt.localeCompare(b.createdAt),
  );
  const store = {
    save: (items: readonly Notification[]) => queue.updateNotifications(items),
    saveDelivered: (_outgoing: unknown, receipt: Delivered, items: readonly Notification[]) =>
      queue.updateNotifications(items.map((item) => ({ ...item, result: receipt.location }))),
  };
  const open = new Set(channels.notifiers.map((channel) => channel.name));
  let waiting = pending.filter((item) => !open.has(item.channel)).length;
  const givenUp: Notification[] = [];
  const results: NotifyReport['results'][number][] = [];
  const failures: NotifyReport['failures'][number][] = [];
  for (const channel of channels.notifiers) {
    const done = await deliverThrough(
      channel,
      pending.filter((item) => item.channel === channel.name),
      store,
      now,
    );
    waiting += done.waiting;
    givenUp.push(...done.givenUp);
    for (const { outgoing, receipt } of done.delivered)
      results.push({ channel: channel.name, monitor: outgoing.to, outcome: receipt.outcome ?? null, location: receipt.location });
    for (const { items, error } of done.failures) {
      for (const item of items) failures.push({ id: item.id, channel: channel.name, monitor: item.monitor, error });
    }
  }
  return { delivered: results.length, failed: failures.length, givenUp, waiting, results, failures };
}

/** The digests that are due, then the queued webhook posts and GitHub issue updates. */
export async function deliverAll(channels: Channels, queue: AlertQueue, now: Date): Promise<{ digests: DeliveryReport; notified: NotifyReport }> {
  const digests = await deliverDigests(channels.email, queue, now);
  const notified = await deliverNotifications(channels, queue, now);
  return { digests, notified };
}
