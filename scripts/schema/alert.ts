import { z } from 'zod';
import { digestFrequency, schemaVersion, severity, timestamp } from './common.ts';
import { changeSchema } from './change.ts';

export const ALERT_STATUSES = ['pending', 'sent', 'failed'] as const;

const deliveryState = {
  status: z.enum(ALERT_STATUSES),
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  lastAttemptAt: timestamp.nullable(),
  sentAt: timestamp.nullable(),
};

export const digestPeriod = z.object({ start: timestamp, end: timestamp });
export type DigestPeriod = z.infer<typeof digestPeriod>;

/**
 * A change owed to one recipient, queued for a digest. It carries a copy of the
 * change so a digest can be composed from alerts alone.
 */
export const alertSchema = z.object({
  schemaVersion,
  id: z.string().describe('hash of change id and recipient'),
  monitor: z.string(),
  recipient: z.email(),
  frequency: digestFrequency,
  severity,
  createdAt: timestamp,
  ...deliveryState,
  messageId: z.string().nullable().describe('Message-ID of the digest that carried it'),
  period: digestPeriod.nullable().default(null).describe('period of the digest it was attempted in: a retry resends that same digest'),
  change: changeSchema,
});
export type Alert = z.infer<typeof alertSchema>;

/** One digest handed to SMTP or written to the outbox. */
export const digestSchema = z.object({
  schemaVersion,
  messageId: z.string(),
  recipient: z.email(),
  frequency: digestFrequency,
  periodStart: timestamp,
  periodEnd: timestamp,
  subject: z.string(),
  alertIds: z.array(z.string()),
  sentAt: timestamp,
  transport: z.enum(['smtp', 'outbox']),
  location: z.string().nullable().describe('the .eml file for the outbox transport'),
});
export type Digest = z.infer<typeof digestSchema>;

export const NOTIFICATION_CHANNELS = ['webhook', 'github-issue'] as const;

/**
 * A change owed to a channel other than email (a webhook POST, a GitHub issue update), queued
 * and retried like an alert. It never records the webhook URL: that is a secret.
 */
export const notificationSchema = z.object({
  schemaVersion,
  id: z.string().describe('hash of channel and change id'),
  monitor: z.string(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  createdAt: timestamp,
  ...deliveryState,
  result: z.string().nullable().describe('what delivery produced, e.g. the issue URL'),
  change: changeSchema,
});
export type Notification = z.infer<typeof notificationSchema>;
export type NotificationChannel = Notification['channel'];

/** data/alerts/pending.json: everything not yet delivered, rewritten atomically. */
export const pendingFileSchema = z.object({
  schemaVersion,
  alerts: z.array(alertSchema),
  notifications: z.array(notificationSchema),
});
export type PendingFile = z.infer<typeof pendingFileSchema>;
