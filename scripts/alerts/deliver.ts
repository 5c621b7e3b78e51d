import { basename } from 'node:path';
import type { Alert, Digest } from '../schema/alert.ts';
import { SCHEMA_VERSION, type DigestFrequency } from '../schema/common.ts';
import type { Monitor, Settings } from '../schema/monitor.ts';
import type { AlertQueue } from '../store/alert-queue.ts';
import { attempted, attemptFailed, DEFAULT_MAX_ATTEMPTS, delivered, errorMessage } from './lifecycle.ts';
import type { Mailer, SendResult } from './mailer.ts';
import { digestsDue } from './due.ts';
import { inFlightSince, planDigests, reconcile, type PlannedDigest } from './plan.ts';
import { landscapeFor, type LandscapeSource } from './landscape.ts';
import { resolveSender, senderDomain } from './sender.ts';

/**
 * Sends the digests that are due, exactly once:
 *
 * 1. the alerts of a digest are saved as attempted, with its Message-ID and period, before sending;
 * 2. only when the server accepted the message is the digest logged and the alerts marked sent;
 * 3. on failure they stay pending with the error, and the next call resends the same digest
 *    (same alerts, same Message-ID), until the attempt cap marks them failed.
 *
 * A run killed between 1 and 2 leaves the alerts pending: the next call sends that digest again
 * under its Message-ID, so the mail client shows one message. A run killed after the digest was
 * logged but before the alerts were updated is repaired from the log without resending.
 */

export interface DeliverOptions {
  readonly queue: AlertQueue;
  readonly monitors: readonly Monitor[];
  readonly settings: Settings;
  readonly now: Date;
  readonly mailer: Mailer;
  readonly siteBaseUrl: string | null;
  /** Attempts before an alert is given up (marked failed) and reported. */
  readonly maxAttempts?: number;
  /** The landscape summary for weekly digests that carry it (read only when one is due). */
  readonly landscapeSource?: LandscapeSource;
}

export interface DigestFailure {
  readonly recipient: string;
  readonly frequency: DigestFrequency;
  readonly messageId: string;
  readonly alerts: number;
  readonly error: string;
}

export interface DeliveryReport {
  /** Digests accepted by the SMTP server or written to the outbox. */
  readonly sent: number;
  readonly failed: number;
  readonly alertsSent: number;
  /** Alerts whose digest failed this time (pending again, or given up). */
  readonly alertsFailed: number;
  /** Alerts that reached the attempt cap this time and are marked failed. */
  readonly alertsGivenUp: number;
  /** Alerts found already sent (a killed run had logged their digest). */
  readonly alertsRecovered: number;
  readonly digests: readonly Digest[];
  readonly failures: readonly DigestFailure[];
  readonly givenUp: readonly Alert[];
  readonly transport: Mailer['transport'];
  /** Where the .eml files went, when the outbox was used. */
  readonly outboxDir: string | null;
}

export async function deliverDigests(options: DeliverOptions): Promise<DeliveryReport> {
  const { queue, mailer, now } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const { recovered, pending } = await reconcileQueue(queue);

  const digests: Digest[] = [];
  const failures: DigestFailure[] = [];
  const givenUp: Alert[] = [];
  let alertsSent = 0;
  let alertsFailed = 0;
  const report = (): DeliveryReport => ({
    sent: digests.length,
    failed: failures.length,
    alertsSent,
    alertsFailed,
    alertsGivenUp: givenUp.length,
    alertsRecovered: recovered.length,
    digests,
    failures,
    givenUp,
    transport: mailer.transport,
    outboxDir: digests.length > 0 ? mailer.outboxDir : null,
  });

  const due = digestsDue(pending, options.settings.digests, now);
  if (due.length === 0) return report();
  const sender = resolveSender({ env: mailer.mailFrom, settings: options.settings.mail.from }, mailer.transport);
  const landscape = await landscapeFor(due, options.monitors, options.landscapeSource);
  for (const { plan, digest } of planDigests(pending, now, { ...options, landscape, messageIdDomain: senderDomain(sender) })) {
    const attempting = plan.alerts.map((alert) => ({
      ...attempted(alert, now),
      messageId: digest.messageId,
      period: plan.period,
    }));
    await queue.update(attempting);
    let result: SendResult;
    try {
      result = await mailer.send({
        from: sender,
        to: digest.recipient,
        subject: digest.subject,
        html: digest.html,
        text: digest.text,
        messageId: digest.messageId,
        date: now,
      });
    } catch (error) {
      const message = `${mailer.description}: ${errorMessage(error)}`;
      const after = attempting.map((alert) => attemptFailed(alert, message, maxAttempts));
      await queue.update(after);
      givenUp.push(...after.filter((alert) => alert.status === 'failed'));
      alertsFailed += after.length;
      failures.push({
        recipient: digest.recipient,
        frequency: digest.frequency,
        messageId: digest.messageId,
        alerts: after.length,
        error: message,
      });
      continue;
    }
    // Accepted: from here on a failure to record must not count as a failed send.
    const record = digestRecord({ plan, digest }, now, mailer.transport, result.location);
    await queue.recordDigest(record);
    await queue.update(attempting.map((alert) => delivered(alert, now)));
    digests.push(record);
    alertsSent += attempting.length;
  }
  return report();
}

/** Reads the pending alerts and repairs those a killed run sent without recording. */
async function reconcileQueue(queue: AlertQueue): Promise<{ recovered: Alert[]; pending: Alert[] }> {
  const pending = await queue.pending();
  const since = inFlightSince(pending);
  if (since === null) return { recovered: [], pending };
  const result = reconcile(pending, await queue.digests({ since }));
  await queue.update(result.recovered);
  return result;
}

function digestRecord(
  { plan, digest }: PlannedDigest,
  now: Date,
  transport: Mailer['transport'],
  location: string | null,
): Digest {
  return {
    schemaVersion: SCHEMA_VERSION,
    messageId: digest.messageId,
    recipient: digest.recipient,
    frequency: digest.frequency,
    periodStart: plan.period.start,
    periodEnd: plan.period.end,
    subject: digest.subject,
    alertIds: [...digest.alertIds],
    sentAt: now.toISOString(),
    // The file name only: the outbox folder is local to the machine, data/ is shared.
    location: location === null ? null : basename(location),
    transport,
  };
}
