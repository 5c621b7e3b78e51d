import type { RunRecord } from '../../scripts/schema/run.ts';
import { run } from '../helpers/records.ts';

/** The run the publish and summary tests describe: 14 of 20 monitors due, 3 changes. */
export function runRecord(overrides: Partial<RunRecord> = {}): RunRecord {
  return run({
    startedAt: '2026-11-28T12:17:01.000Z',
    completedAt: '2026-11-28T12:19:05.000Z',
    now: '2026-11-28T12:17:00.000Z',
    monitors: 20,
    due: 14,
    skipped: 6,
    scanned: 14,
    retried: 2,
    durationMs: 124_000,
    changes: { total: 3, high: 1, medium: 1, low: 1 },
    ...overrides,
  });
}
