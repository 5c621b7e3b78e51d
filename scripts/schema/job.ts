import { z } from 'zod';
import { schemaVersion, timestamp } from './common.ts';
import { scanError } from './scan.ts';

export const JOB_STATUSES = ['completed', 'failed', 'timed_out'] as const;

/** One scan attempt. Every attempt is recorded, retries included. */
export const jobSchema = z.object({
  schemaVersion,
  id: z.string(),
  runId: z.string(),
  monitor: z.string(),
  scheduledFor: timestamp.describe('the cron fire time this scan answers, or the run time for a manual scan'),
  startedAt: timestamp,
  completedAt: timestamp,
  status: z.enum(JOB_STATUSES),
  attempt: z.number().int().min(1),
  error: scanError.nullable(),
  durationMs: z.number().int().min(0),
  scanId: z.string().nullable().describe('the stored scan, when this attempt produced the one that was kept'),
});
export type Job = z.infer<typeof jobSchema>;
export type JobStatus = Job['status'];
