import type { Change } from '../../schema/change.ts';
import { severityRank } from '../../schema/common.ts';
import type { Monitor } from '../../schema/monitor.ts';
import { errorMessage, truncate } from '../../shared/wording.ts';

/**
 * What an alert channel is: email, webhooks and GitHub issues each implement `Channel` in a
 * module of this folder, and ./index.ts opens the ones that are configured. A channel says which
 * changes it takes (the records it queues for them), how the pending records render as messages,
 * how a message is delivered and how a failed delivery is retried. `deliverThrough` is the one
 * delivery loop every channel goes through; the records live in the alert queue between runs.
 */

/** What every queued record (an email alert, a notification) carries. */
export interface Queued {
  readonly id: string;
  readonly monitor: string;
  readonly status: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastAttemptAt: string | null;
  readonly sentAt: string | null;
  readonly change: Pick<Change, 'detectedAt'>;
}

/** One message to deliver, with the records it delivers. */
export interface Outgoing<Item, Message> {
  /** Who receives it, for reports: a recipient, a monitor. */
  readonly to: string;
  /** The monitor it is about; null when it spans monitors (a digest). */
  readonly monitor: string | null;
  /** As they are saved when the message is attempted. */
  readonly items: readonly Item[];
  readonly message: Message;
}

/** What a receiver's acceptance leaves: where the message went (a file, an issue), when known. */
export interface Delivered {
  readonly location: string | null;
  /** What delivering did, in a word, where the channel can do several things (an issue opened, updated, closed). */
  readonly outcome?: string;
}

export interface RetryPolicy {
  /** Attempts (one per run) before a record is given up and marked failed. */
  readonly maxAttempts: number;
  /**
   * A failed message holds back the later messages about the same monitor until it goes
   * through: an issue must be opened before a later change can close it.
   */
  readonly inOrder: boolean;
}

export interface Channel<Item extends Queued, Message, Receipt extends Delivered = Delivered> {
  readonly name: string;
  /** Which changes it takes: the records a monitor's new changes owe this channel. Pure. */
  take(monitor: Monitor, changes: readonly Change[], createdAt: Date): Item[];
  /** How to render: the messages due at `now`, from the pending records, oldest first. */
  render(pending: readonly Item[], now: Date): Promise<Outgoing<Item, Message>[]>;
  /** How to deliver: resolves once the receiver accepted the message. */
  deliver(outgoing: Outgoing<Item, Message>, now: Date): Promise<Receipt>;
  /** How to retry. */
  readonly retry: RetryPolicy;
}

/** What a record carries when it is queued: pending, never attempted. */
export const NEVER_ATTEMPTED = { status: 'pending', attempts: 0, lastError: null, lastAttemptAt: null, sentAt: null } as const;

/** Attempts (one per run) before an undeliverable alert is given up and reported. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** The longest error text kept in a record. */
const MAX_ERROR_LENGTH = 500;

/** The changes a monitor's alert settings let through: enabled, a trigger type, severe enough. */
export function alertingChanges(monitor: Monitor, changes: readonly Change[]): Change[] {
  const { enabled, triggers, minSeverity } = monitor.alerts;
  if (!enabled) return [];
  const minimum = severityRank(minSeverity);
  return changes.filter((change) => change.monitor === monitor.id && triggers.includes(change.type) && severityRank(change.severity) >= minimum);
}

// The states of a queued record, as pure transitions: pending → (attempted) → sent, or back to
// pending with the error, or failed once the attempts reach the cap.

export function attempted<T extends Queued>(record: T, at: Date): T {
  return { ...record, attempts: record.attempts + 1, lastAttemptAt: at.toISOString() };
}

export function delivered<T extends Queued>(record: T, at: Date | string): T {
  return { ...record, status: 'sent', lastError: null, sentAt: typeof at === 'string' ? at : at.toISOString() };
}

/** After a failed attempt: pending again with the error, or failed when the cap is reached. */
export function attemptFailed<T extends Queued>(record: T, error: string, maxAttempts: number): T {
  return { ...record, status: record.attempts >= maxAttempts ? 'failed' : 'pending', lastError: truncate(error, MAX_ERROR_LENGTH) };
}

/** Where a channel's records are saved as they move. */
export interface ChannelStore<Item, Message, Receipt> {
  /** Saves records attempted, or failed again. */
  save(items: readonly Item[]): Promise<void>;
  /** Saves what an accepted message leaves: its records sent, and anything the channel logs of it. */
  saveDelivered(outgoing: Outgoing<Item, Message>, receipt: Receipt, items: readonly Item[]): Promise<void>;
}

export interface DeliveredMessage<Item, Message, Receipt> {
  readonly outgoing: Outgoing<Item, Message>;
  readonly receipt: Receipt;
  /** The records, as saved sent. */
  readonly items: readonly Item[];
}

export interface FailedMessage<Item, Message> {
  readonly outgoing: Outgoing<Item, Message>;
  /** The records, as saved after the failure: pending again, or failed at the cap. */
  readonly items: readonly Item[];
  readonly error: string;
}

export interface ChannelReport<Item, Message, Receipt> {
  readonly delivered: readonly DeliveredMessage<Item, Message, Receipt>[];
  readonly failures: readonly FailedMessage<Item, Message>[];
  /** Records that reached the attempt cap this time and are marked failed. */
  readonly givenUp: readonly Item[];
  /** Messages held back behind an earlier failure about the same monitor. */
  readonly waiting: number;
}

/**
 * Delivers what is due, each message once: its records are saved as attempted before it goes
 * out (so a killed run retries the same message), and as sent only once the receiver accepted
 * it. A failure leaves them pending with the error until the attempt cap marks them failed.
 */
export async function deliverThrough<Item extends Queued, Message, Receipt extends Delivered>(
  channel: Channel<Item, Message, Receipt>,
  pending: readonly Item[],
  store: ChannelStore<Item, Message, Receipt>,
  now: Date,
): Promise<ChannelReport<Item, Message, Receipt>> {
  const sent: DeliveredMessage<Item, Message, Receipt>[] = [];
  const failures: FailedMessage<Item, Message>[] = [];
  const givenUp: Item[] = [];
  const blocked = new Set<string>();
  let waiting = 0;
  for (const outgoing of await channel.render(pending, now)) {
    if (outgoing.monitor !== null && blocked.has(outgoing.monitor)) {
      waiting += 1;
      continue;
    }
    const attempting = outgoing.items.map((item) => attempted(item, now));
    await store.save(attempting);
    let receipt: Receipt;
    try {
      receipt = await channel.deliver(outgoing, now);
    } catch (error) {
      const after = attempting.map((item) => attemptFailed(item, errorMessage(error), channel.retry.maxAttempts));
      await store.save(after);
      givenUp.push(...after.filter((item) => item.status === 'failed'));
      const retried = after.some((item) => item.status === 'pending');
      if (channel.retry.inOrder && outgoing.monitor !== null && retried) blocked.add(outgoing.monitor);
      failures.push({ outgoing, items: after, error: errorMessage(error) });
      continue;
    }
    // Accepted: from here on a failure to record must not count as a failed delivery.
    const items = attempting.map((item) => delivered(item, now));
    await store.saveDelivered(outgoing, receipt, items);
    sent.push({ outgoing, receipt, items });
  }
  return { delivered: sent, failures, givenUp, waiting };
}
