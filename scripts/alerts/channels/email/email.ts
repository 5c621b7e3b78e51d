import { basename } from 'node:path';
import type { Alert, Digest } from '../../../schema/alert.ts';
import type { Change } from '../../../schema/change.ts';
import { SCHEMA_VERSION, type DigestFrequency } from '../../../schema/common.ts';
import type { Monitor, Settings } from '../../../schema/monitor.ts';
import type { AlertQueue } from '../../../store/alert-queue.ts';
import { contentHash } from '../../../shared/hash.ts';
import { errorMessage } from '../../../shared/wording.ts';
import type { ComposedDigest } from '../../digest/compose.ts';
import { digestsDue, type DigestPlan } from '../../digest/due.ts';
import { landscapeFor, type LandscapeSource } from '../../digest/landscape.ts';
import { composeDue } from '../../digest/plan.ts';
import { alertingChanges, DEFAULT_MAX_ATTEMPTS, deliverThrough, NEVER_ATTEMPTED, type Channel, type ChannelReport, type Delivered } from '../channel.ts';
import type { Mailer } from './mailer.ts';
import { repairedAlerts } from './queue.ts';
import { resolveSender, senderDomain, type Sender } from './sender.ts';

/**
 * The email channel: every alerting change becomes one alert per recipient, and the alerts
 * that are due go out as one digest per recipient and frequency (scripts/alerts/digest/), by
 * SMTP or to the outbox. It delivers exactly once:
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

export interface EmailMessage {
  readonly from: Sender;
  readonly plan: DigestPlan;
  /** The message; a retry keeps the Message-ID it was first attempted with. */
  readonly digest: ComposedDigest;
}

export interface EmailChannelOptions {
  readonly mailer: Mailer;
  readonly monitors: readonly Monitor[];
  readonly settings: Settings;
  readonly siteBaseUrl: string | null;
  /** Attempts before an alert is given up (marked failed) and reported. */
  readonly maxAttempts?: number;
  /** The landscape summary for weekly digests that carry it (read only when one is due). */
  readonly landscapeSource?: LandscapeSource;
}

const ALERT_ID_LENGTH = 16;

export function alertId(changeId: string, recipient: string): string {
  return contentHash({ change: changeId, recipient }, ALERT_ID_LENGTH);
}

/** One pending alert per recipient of each alerting change; the id hashes both, so queueing it twice is a no-op. */
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
        ...NEVER_ATTEMPTED,
        messageId: null,
        period: null,
        change,
      }),
    ),
  );
}

export interface EmailChannel extends Channel<Alert, EmailMessage> {
  /** SMTP or the outbox. */
  readonly mailer: Mailer;
}

export function emailChannel(options: EmailChannelOptions): EmailChannel {
  const { mailer, settings } = options;
  return {
    name: 'email',
    mailer,
    take: alertsFor,
    async render(pending, now) {
      const due = digestsDue(pending, settings.digests, now);
      if (due.length === 0) return [];
      const from = resolveSender({ env: mailer.mailFrom, settings: settings.mail.from }, mailer.transport);
      const landscape = await landscapeFor(due, options.monitors, options.landscapeSource);
      const context = { monitors: options.monitors, siteBaseUrl: options.siteBaseUrl, settings, landscape, messageIdDomain: senderDomain(from) };
      return composeDue(due, context).map(({ plan, digest }) => ({
        to: digest.recipient,
        monitor: null,
        items: plan.alerts.map((alert) => ({ ...alert, messageId: digest.messageId, period: plan.period })),
        message: { from, plan, digest },
      }));
    },
    async deliver({ message: { from, digest } }, now) {
      try {
        const result = await mailer.send({
          from,
          to: digest.recipient,
          subject: digest.subject,
          html: digest.html,
          text: digest.text,
          messageId: digest.messageId,
          date: now,
        });
        return { location: result.location };
      } catch (error) {
        throw new Error(`${mailer.description}: ${errorMessage(error)}`);
      }
    },
    retry: { maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, inOrder: false },
  };
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

/** Sends the digests that are due, exactly once (see above). */
export async function deliverDigests(channel: EmailChannel, queue: AlertQueue, now: Date): Promise<DeliveryReport> {
  const { mailer } = channel;
  const { recovered, pending } = await repairedAlerts(queue);
  const report = await deliverThrough(
    channel,
    pending,
    {
      save: (alerts) => queue.update(alerts),
      async saveDelivered(outgoing, receipt, alerts) {
        await queue.recordDigest(digestRecord(outgoing.message, receipt, now, mailer.transport));
        await queue.update(alerts);
      },
    },
    now,
  );
  return deliveryReport(report, recovered.length, now, mailer);
}

function deliveryReport(report: ChannelReport<Alert, EmailMessage, Delivered>, recovered: number, now: Date, mailer: Mailer): DeliveryReport {
  const digests = report.delivered.map(({ outgoing, receipt }) => digestRecord(outgoing.message, receipt, now, mailer.transport));
  return {
    sent: digests.length,
    failed: report.failures.length,
    alertsSent: report.delivered.reduce((sum, item) => sum + item.items.length, 0),
    alertsFailed: report.failures.reduce((sum, item) => sum + item.items.length, 0),
    alertsGivenUp: report.givenUp.length,
    alertsRecovered: recovered,
    digests,
    failures: report.failures.map(({ outgoing: { message }, items, error }) => ({
      recipient: message.digest.recipient,
      frequency: message.digest.frequency,
      messageId: message.digest.messageId,
      alerts: items.length,
      error,
    })),
    givenUp: report.givenUp,
    transport: mailer.transport,
    outboxDir: digests.length > 0 ? mailer.outboxDir : null,
  };
}

function digestRecord({ plan, digest }: EmailMessage, receipt: Delivered, now: Date, transport: Mailer['transport']): Digest {
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
    location: receipt.location === null ? null : basename(receipt.location),
    transport,
  };
}
