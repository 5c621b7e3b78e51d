import { z } from 'zod';
import { alertSchema, notificationSchema } from './alert.ts';
import { changeSchema } from './change.ts';
import { schemaVersion } from './common.ts';
import { jobSchema } from './job.ts';
import { scanResultSchema } from './scan.ts';

/**
 * A monitor's finished work in one run, written atomically before any of it is appended to
 * the histories. A run killed while applying it leaves the journal behind; the next run
 * replays it (every append is idempotent by id), so nothing recorded is lost or doubled.
 */
export const journalSchema = z.object({
  schemaVersion,
  monitor: z.string(),
  runId: z.string(),
  scan: scanResultSchema,
  jobs: z.array(jobSchema),
  changes: z.array(changeSchema),
  alerts: z.array(alertSchema),
  notifications: z.array(notificationSchema),
  /** The wording of the content blocks the recent scans name, written beside the history for excerpts; null when the scan saw no page. */
  blockTexts: z.record(z.string(), z.string()).nullable().optional(),
  /** Journals of earlier versions carried the scan's whole text; it is no longer kept. */
  text: z.string().nullable().optional(),
});
export type Journal = z.infer<typeof journalSchema>;
