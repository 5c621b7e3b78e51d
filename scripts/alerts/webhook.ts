import type { Change } from '../schema/change.ts';
import { kindOf } from '../changes/kinds/index.ts';
import { oneLine } from './text.ts';

/**
 * The webhook channel: one JSON POST per alerting change. The payload has a Slack-ready `text`
 * (so a Slack incoming webhook works as is) next to the structured change for other receivers.
 */

export interface WebhookPayload {
  readonly text: string;
  /** Stable per change: a receiver can drop a repeat after a retried run. */
  readonly id: string;
  readonly event: 'techscan.change';
  readonly monitor: { readonly id: string; readonly name: string; readonly url: string | null };
  readonly link: string | null;
  readonly change: Change;
}

export interface WebhookSender {
  /** Resolves when the receiver answered 2xx. */
  post(url: string, payload: WebhookPayload): Promise<void>;
}

const TEXT_MAX = 300;
const TIMEOUT_MS = 15_000;
const USER_AGENT = 'techscan-monitor';

/** Slack's mrkdwn escapes: &, < and > would otherwise start entities and links. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function webhookPayload(
  id: string,
  change: Change,
  monitor: { readonly id: string; readonly name: string; readonly url: string | null },
  link: string | null,
): WebhookPayload {
  const name = slackEscape(oneLine(monitor.name, TEXT_MAX));
  const summary = slackEscape(oneLine(change.summary, TEXT_MAX));
  const text = `[${change.severity}] ${name}: ${summary} (${kindOf(change.type).label})${link ? ` <${link}|details>` : ''}`;
  return { text, id, event: 'techscan.change', monitor, link, change };
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
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new Error(`webhook POST to ${host} failed: ${reason.split(url).join(host)}`);
      }
      await response.body?.cancel();
      if (!response.ok) throw new Error(`webhook POST to ${host} answered HTTP ${response.status}`);
    },
  };
}
