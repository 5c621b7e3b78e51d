import { REGISTERED_KINDS, type KindLookup } from '../../changes/kinds/index.ts';
import type { ChangeRecord } from '../../changes/kinds/kind.ts';
import type { Notification } from '../../schema/alert.ts';
import type { Monitor } from '../../schema/monitor.ts';
import { errorMessage, oneLine } from '../../shared/wording.ts';
import { alertingChanges, DEFAULT_MAX_ATTEMPTS, type Channel } from './channel.ts';
import { changeLink, notification, type ChannelContext } from './notification.ts';

/**
 * The webhook channel: one JSON POST per alerting change, to the monitor's `alerts.webhook` or
 * the repository-wide `$TECHSCAN_WEBHOOK_URL`. The payload has a Slack-ready `text` (so a Slack
 * incoming webhook works as is) next to the structured change for other receivers.
 */

export interface WebhookMonitor {
  readonly id: string;
  readonly name: string;
  readonly url: string | null;
}

export interface WebhookPayload<C extends ChangeRecord = ChangeRecord> {
  readonly text: string;
  /** Stable per change: a receiver can drop a repeat after a retried run. */
  readonly id: string;
  readonly event: 'techscan.change';
  readonly monitor: WebhookMonitor;
  readonly link: string | null;
  /** What the change's kind says about it beyond the summary, as the site's details show it (plain text). */
  readonly details: readonly { readonly label: string; readonly value: string }[];
  readonly change: C;
}

export interface WebhookSender {
  /** Resolves when the receiver answered 2xx. */
  post(url: string, payload: WebhookPayload): Promise<void>;
}

export interface WebhookPost {
  /** Null when the monitor has no webhook any more: the delivery fails and is retried. */
  readonly url: string | null;
  readonly payload: WebhookPayload;
}

const TEXT_MAX = 300;
const TIMEOUT_MS = 15_000;
const USER_AGENT = 'techscan-monitor';

/** Slack's mrkdwn escapes: &, < and > would otherwise start entities and links. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function webhookPayload<C extends ChangeRecord>(
  id: string,
  change: C,
  monitor: WebhookMonitor,
  link: string | null,
  kinds: KindLookup = REGISTERED_KINDS,
): WebhookPayload<C> {
  const name = slackEscape(oneLine(monitor.name, TEXT_MAX));
  const summary = slackEscape(oneLine(change.summary, TEXT_MAX));
  const text = `[${change.severity}] ${name}: ${summary} (${kinds.kindOf(change.type).label})${link ? ` <${link}|details>` : ''}`;
  const details = kinds.viewOf(change).details.map(({ label, value }) => ({ label, value }));
  return { text, id, event: 'techscan.change', monitor, link, details, change };
}

export interface WebhookChannelOptions extends ChannelContext {
  /** `$TECHSCAN_WEBHOOK_URL`: the webhook of every monitor without its own `alerts.webhook`. */
  readonly defaultWebhook: string | null;
  readonly sender?: WebhookSender;
}

/** The webhook a monitor's alerts go to: its own, else the repository-wide one. */
export function webhookFor(monitor: Monitor, defaultWebhook: string | null): string | null {
  return monitor.alerts.webhook ?? defaultWebhook;
}

export function webhookChannel(options: WebhookChannelOptions): Channel<Notification, WebhookPost> {
  const sender = options.sender ?? createWebhookSender();
  const monitors = new Map(options.monitors.map((monitor) => [monitor.id, monitor]));
  return {
    name: 'webhook',
    take: (monitor, changes, createdAt) =>
      webhookFor(monitor, options.defaultWebhook) === null
        ? []
        : alertingChanges(monitor, changes).map((change) => notification('webhook', monitor.id, change, createdAt)),
    render: async (pending) =>
      pending.map((item) => {
        const monitor = monitors.get(item.monitor);
        const identity = { id: item.monitor, name: monitor?.name ?? item.monitor, url: monitor?.url ?? null };
        const payload = webhookPayload(item.id, item.change, identity, changeLink(options.siteBaseUrl, item.change));
        return {
          to: item.monitor,
          monitor: item.monitor,
          items: [item],
          message: { url: monitor ? webhookFor(monitor, options.defaultWebhook) : null, payload },
        };
      }),
    async deliver({ message }) {
      if (message.url === null) throw new Error('no webhook is configured for this monitor any more');
      await sender.post(message.url, message.payload);
      return { location: null };
    },
    retry: { maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, inOrder: false },
  };
}

/** Webhook URLs are secrets (a Slack URL is its own credential): errors name the host only. */
export function createWebhookSender(): WebhookSender {
  return {
    async post(url, payload) {
      const host = new URL(url).host;
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
          body: JSON.stringify(payload),
          redirect: 'error',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        // fetch reports what went wrong (refused, DNS, TLS) as the cause of a generic "fetch failed".
        const reason = errorMessage(error instanceof Error && error.cause instanceof Error ? error.cause : error);
        throw new Error(`webhook POST to ${host} failed: ${reason.split(url).join(host)}`);
      }
      await response.body?.cancel();
      if (!response.ok) throw new Error(`webhook POST to ${host} answered HTTP ${response.status}`);
    },
  };
}
