import { z } from 'zod';
import { schemaVersion, timestamp } from './common.ts';
import { jobSchema } from './job.ts';
import { scanResultSchema } from './scan.ts';

/** One monitor's scan in a shard: the kept scan, every attempt's job record, the wording of its blocks. */
export const shardScanSchema = z.object({
  monitor: z.string(),
  scan: scanResultSchema,
  jobs: z.array(jobSchema).min(1),
  /** The wording of the scan's content blocks, by block hash; null when the scan saw no page. */
  blockTexts: z.record(z.string(), z.string()).nullable(),
});
export type ShardScan = z.infer<typeof shardScanSchema>;

/**
 * What one scanning job of a fanned-out run (`run --shard i/n`) hands to the merge job: its
 * scans, not yet compared with history. It is written once, whole, when the shard ends; a
 * shard that dies leaves none, and the merge records its monitors as lost.
 */
export const shardOutputSchema = z.object({
  schemaVersion,
  runId: z.string(),
  /** 1-based. */
  shard: z.number().int().min(1),
  shards: z.number().int().min(1),
  now: timestamp.describe('the time the run decided with; every shard and the merge use the same'),
  startedAt: timestamp,
  completedAt: timestamp,
  /** The monitors this shard was given, sorted; those without a scan below were not finished. */
  monitors: z.array(z.string()),
  /** True when the shard was stopped (SIGINT/SIGTERM) before every monitor was scanned. */
  interrupted: z.boolean(),
  scans: z.array(shardScanSchema),
});
export type ShardOutput = z.infer<typeof shardOutputSchema>;
