import { z } from 'zod';
import { schemaVersion, timestamp } from './common.ts';

const severityCounts = z.object({
  total: z.number().int().min(0),
  high: z.number().int().min(0),
  medium: z.number().int().min(0),
  low: z.number().int().min(0),
});

/** One monitoring cycle: what was due, what happened. The site's "Runs" page reads these. */
export const runSchema = z.object({
  schemaVersion,
  id: z.string(),
  trigger: z.enum(['schedule', 'manual', 'local']),
  now: timestamp.describe('the time the run decided with (--now or the clock)'),
  startedAt: timestamp,
  completedAt: timestamp,
  status: z.enum(['completed', 'interrupted']),
  monitors: z.number().int().min(0),
  due: z.number().int().min(0),
  skipped: z.number().int().min(0).describe('enabled monitors that were not due'),
  scanned: z.number().int().min(0).describe('monitors whose scan succeeded'),
  failed: z.number().int().min(0).describe('monitors whose last attempt failed'),
  retried: z.number().int().min(0).describe('attempts beyond the first'),
  durationMs: z.number().int().min(0),
  changes: severityCounts,
  digests: z.object({ sent: z.number().int().min(0), failed: z.number().int().min(0) }),
});
export type RunRecord = z.infer<typeof runSchema>;
