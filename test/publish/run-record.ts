import { runSchema, type RunRecord } from '../../scripts/schema/run.ts';

/** A valid RunRecord for publish and summary tests; counts overridable. */
export function runRecord(overrides: Partial<RunRecord> = {}): RunRecord {
  return runSchema.parse({
    schemaVersion: 1,
    id: 'run-2026-11-28T12-17',
    trigger: 'schedule',
    now: '2026-11-28T12:17:00.000Z',
    startedAt: '2026-11-28T12:17:01.000Z',
    completedAt: '2026-11-28T12:19:05.000Z',
    status: 'completed',
    monitors: 20,
    due: 14,
    skipped: 6,
    scanned: 14,
    failed: 0,
    retried: 2,
    durationMs: 124_000,
    changes: { total: 3, high: 1, medium: 1, low: 1 },
    digests: { sent: 0, failed: 0 },
    ...overrides,
  });
}
