import { describe, expect, it } from 'vitest';
import { accountForRun, ATTEMPT_SLACK_MS, monitorWorstMs, PROCESS_ALLOWANCE_MS, RECORD_ALLOWANCE_MS, runBoundMs } from '../../scripts/bench/load-check.ts';
import { LOAD_KINDS, planLoad } from '../../scripts/bench/load-sites.ts';
import type { Job } from '../../scripts/schema/job.ts';
import type { ScanResult } from '../../scripts/schema/scan.ts';
import { job, scan } from '../helpers/records.ts';

/** How bench:load accounts for a run's monitors and the bound it holds the run to (the benchmark's own test is load.slow.test.ts). */

const at = (second: number) => new Date(Date.UTC(2026, 10, 28, 12, 0, second)).toISOString();

/** A kept attempt and, when it succeeded, its stored scan. */
function kept(monitor: string, from: number, to: number, outcome: { error?: ScanResult['error']; failed?: boolean } = {}) {
  const stored = scan({ monitor, scannedAt: at(from), ...(outcome.error ? { error: outcome.error, ok: !outcome.failed } : {}) });
  const attempt = job({
    monitor,
    startedAt: at(from),
    completedAt: at(to),
    scanId: stored.id,
    status: outcome.failed ? 'failed' : 'completed',
    error: outcome.failed ? (outcome.error ?? null) : null,
  });
  return { job: attempt, scan: outcome.failed ? null : stored };
}

describe('accountForRun', () => {
  const whole = kept('bench/whole', 0, 4);
  const partial = kept('bench/partial', 1, 5, { error: { kind: 'partial', message: 'busy' } });
  const dns = kept('bench/dns', 2, 3, { error: { kind: 'dns', message: 'no such name' }, failed: true });
  const retriedFirst = job({ monitor: 'bench/retried', startedAt: at(3), completedAt: at(4), status: 'failed', error: { kind: 'timeout', message: 'slow' } });
  const retried = kept('bench/retried', 6, 8, { error: { kind: 'connection_refused', message: 'refused' }, failed: true });
  const retriedJob: Job = { ...retried.job, attempt: 2 };
  const unstored = kept('bench/unstored', 0, 1);
  const jobs = [whole.job, partial.job, dns.job, retriedFirst, retriedJob, unstored.job];
  const scans = new Map([whole, partial].flatMap((entry) => (entry.scan ? [[entry.job.monitor, entry.scan] as const] : [])));

  it('counts each due monitor once, by its kept attempt, and finds the ones with nothing recorded', () => {
    const account = accountForRun(['bench/whole', 'bench/partial', 'bench/dns', 'bench/retried', 'bench/unstored', 'bench/never'], jobs, scans);
    expect(account).toEqual({
      due: 6,
      scanned: 2,
      partial: 1,
      failedByKind: { dns: 1, connection_refused: 1 },
      // One whose scan is not in the store, one with no job at all.
      missing: ['bench/unstored', 'bench/never'],
      retried: 1,
      // whole, partial and dns from 00:02; at 00:03 dns ends as the retried monitor's first attempt starts.
      maxAtOnce: 3,
      longestAttemptMs: Math.max(...jobs.map((entry) => entry.durationMs)),
    });
  });

  it('a run where every monitor has its record misses none', () => {
    expect(accountForRun(['bench/whole', 'bench/dns'], jobs, scans).missing).toEqual([]);
  });
});

describe('the bound', () => {
  const budget = { timeoutSeconds: 30, retries: 2, retryBaseMs: 2_000 };

  it('one monitor at worst: every attempt to its deadline and past it by the slack, the doubling backoffs, the recording', () => {
    expect(monitorWorstMs(budget)).toBe(3 * (30_000 + ATTEMPT_SLACK_MS) + 2_000 + 4_000 + RECORD_ALLOWANCE_MS);
    expect(monitorWorstMs({ ...budget, retries: 0 })).toBe(30_000 + ATTEMPT_SLACK_MS + RECORD_ALLOWANCE_MS);
  });

  it.each([1, 3, 5])('a run at concurrency %i: the work over the slots, one longest monitor more, the process', (concurrency) => {
    const worst = monitorWorstMs(budget);
    const monitors = 30;
    expect(runBoundMs(Array(monitors).fill(budget), concurrency)).toBeCloseTo(
      PROCESS_ALLOWANCE_MS + (monitors * worst) / concurrency + (1 - 1 / concurrency) * worst,
    );
  });

  it('grows with the monitors and shrinks with the slots', () => {
    expect(runBoundMs(Array(300).fill(budget), 5)).toBeGreaterThan(runBoundMs(Array(30).fill(budget), 5));
    expect(runBoundMs(Array(300).fill(budget), 10)).toBeLessThan(runBoundMs(Array(300).fill(budget), 5));
  });
});

describe('planLoad', () => {
  it('has every kind in its first ten monitors, so a short run has the whole mix', () => {
    expect(new Set(planLoad(10).map((plan) => plan.kind))).toEqual(new Set(LOAD_KINDS));
  });

  it('is mostly ordinary, and takes the hostile pages in turn', () => {
    const plans = planLoad(300);
    const ordinary = plans.filter((plan) => plan.kind === 'ordinary').length;
    expect(ordinary).toBeGreaterThan(plans.length / 2);
    const hostile = plans.flatMap((plan) => (plan.hostile ? [plan.hostile] : []));
    expect(hostile.slice(0, 4)).toEqual(['a JS busy loop', 'a JS memory hog', 'slowloris headers', 'an endless redirect']);
    expect(new Set(hostile.slice(4, 8))).toEqual(new Set(hostile.slice(0, 4)));
    expect(plans.filter((plan) => plan.kind !== 'hostile').every((plan) => plan.hostile === null)).toBe(true);
  });
});
