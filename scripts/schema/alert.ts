import { z } from 'zod';
import { digestFrequency, schemaVersion, severity, timestamp } from './common.ts';
import { changeSchema } from './change.ts';

export const ALERT_STATUSES = ['pending', 'sent', 'failed'] as const;

/**
 * A change owed to one recipient (the original alert_queue row). It carries a copy of the
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
  status: z.enum(ALERT_STATUSES),
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  lastAttemptAt: timestamp.nullable(),
  sentAt: timestamp.nullable(),
  messageId: z.string().nullable().describe('Message-ID of the digest that carried it'),
  change: changeSchema,
});
export type Alert = z.infer<typeof alertSchema>;
export type AlertStatus = Alert['status'];

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
