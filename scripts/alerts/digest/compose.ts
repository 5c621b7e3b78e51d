import type { DigestPeriod } from '../../schema/alert.ts';
import type { DigestFrequency } from '../../schema/common.ts';
import { contentHash } from '../../shared/hash.ts';
import { digestModel, type DigestAlert, type DigestContext } from './model.ts';
import { renderHtml } from './render-html.ts';
import { renderText } from './render-text.ts';

/** A digest ready to hand to a mailer: pure, the same alerts and period always give the same message. */
export interface ComposedDigest {
  readonly recipient: string;
  readonly frequency: DigestFrequency;
  readonly period: DigestPeriod;
  readonly alertIds: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** `<…@domain>`, from the recipient, frequency, period and the alerts carried. */
  readonly messageId: string;
}

export interface ComposeContext extends DigestContext {
  /** The right-hand side of the Message-ID: the sender's domain. */
  readonly messageIdDomain: string;
}

const MESSAGE_ID_HASH_LENGTH = 32;
/** Used when no sender domain is known (e.g. a preview). */
export const FALLBACK_MESSAGE_ID_DOMAIN = 'techscan.invalid';
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;

export function composeDigest(alerts: readonly DigestAlert[], period: DigestPeriod, context: ComposeContext): ComposedDigest {
  const [first] = alerts;
  if (!first) throw new Error('a digest needs at least one alert');
  const strangers = alerts.filter((alert) => alert.recipient !== first.recipient || alert.frequency !== first.frequency);
  if (strangers.length > 0) throw new Error('a digest goes to one recipient at one frequency');
  const model = digestModel(alerts, period, context);
  const alertIds = alerts.map((alert) => alert.id).sort();
  return {
    recipient: first.recipient,
    frequency: first.frequency,
    period,
    alertIds,
    subject: model.subject,
    html: renderHtml(model),
    text: renderText(model),
    messageId: digestMessageId({ recipient: first.recipient, frequency: first.frequency, period, alertIds }, context.messageIdDomain),
  };
}

export function digestMessageId(
  content: { recipient: string; frequency: DigestFrequency; period: DigestPeriod; alertIds: readonly string[] },
  domain: string,
): string {
  const safeDomain = DOMAIN.test(domain) ? domain.toLowerCase() : FALLBACK_MESSAGE_ID_DOMAIN;
  return `<digest.${contentHash(content, MESSAGE_ID_HASH_LENGTH)}@${safeDomain}>`;
}
