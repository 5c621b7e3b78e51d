import { z } from 'zod';
import { PERFORMANCE_METRICS } from './metrics.ts';
import { schemaVersion, timestamp } from './common.ts';
import { grade, infrastructureSchema, SCAN_ERROR_KINDS } from './scan.ts';
import { technologySchema } from './signals.ts';

/**
 * One UTC day of one monitor's compacted history: what `compact` keeps of the day's full scan
 * summaries and job records once they are older than the retention window. Performance as
 * medians with their spread; the stack, the security grade and headers and the infrastructure
 * as runs of scans that saw the same state, each run writing only what changed since the run
 * before (a month's first run writes all; a reader carries it forward); every scan and every job attempt counted, failures by error kind.
 * Content block hashes are not kept: detection never reads compacted history (the newest scans
 * it reads are always kept in full, see scripts/store/compaction.ts).
 */

export const metricSpread = z.object({
  median: z.number().min(0),
  min: z.number().min(0),
  max: z.number().min(0),
  count: z.number().int().min(1).describe('successful scans that measured it'),
});
export type MetricSpread = z.infer<typeof metricSpread>;

const errorCounts = z.partialRecord(z.enum(SCAN_ERROR_KINDS), z.number().int().min(1)).describe('error kind → how many');

export const daySecuritySchema = z.object({
  grade,
  score: z.number().int(),
  headers: z.record(z.string(), z.string()),
});

export const daySegmentSchema = z
  .object({
    from: timestamp.describe('the first successful scan of the run'),
    to: timestamp.describe('the last successful scan of the run'),
    scans: z.number().int().min(1),
    technologies: z.array(technologySchema).optional(),
    security: daySecuritySchema.nullable().optional(),
    infrastructure: infrastructureSchema.nullable().optional(),
  })
  .describe(
    "a run of the day's successful scans that saw the same state; only the parts that differ from the previous run are present (all of them in a month's first run)",
  );
export type DaySegment = z.infer<typeof daySegmentSchema>;

export const dayRollupSchema = z.object({
  schemaVersion,
  monitor: z.string(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  scans: z.number().int().min(0),
  ok: z.number().int().min(0),
  failed: z.number().int().min(0).describe('scans that failed (the site did not answer), blocked ones excluded'),
  blocked: z.number().int().min(0),
  errors: errorCounts,
  firstScanAt: timestamp.nullable(),
  lastScanAt: timestamp.nullable(),
  firstOkAt: timestamp.nullable(),
  lastOkAt: timestamp.nullable(),
  metrics: z.partialRecord(z.enum(PERFORMANCE_METRICS), metricSpread),
  states: z.array(daySegmentSchema).describe('the successful scans in runs of the same state, oldest first'),
  jobs: z.object({
    attempts: z.number().int().min(0),
    completed: z.number().int().min(0),
    failed: z.number().int().min(0),
    timedOut: z.number().int().min(0),
    errors: errorCounts,
  }),
});
export type DayRollup = z.infer<typeof dayRollupSchema>;
