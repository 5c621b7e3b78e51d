import { describe, expect, it } from 'vitest';
import { runStats, STATS_DAYS } from '../../site/src/lib/runs.ts';
import { job } from '../helpers/records.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const daysAgo = (days: number, hour = 6) => new Date(Date.UTC(2026, 10, 28 - days, hour)).toISOString();

describe('runStats', () => {
  const jobs = [
    job({ monitor: 'acme/a', startedAt: daysAgo(0) }),
    job({ monitor: 'acme/a', startedAt: daysAgo(1), status: 'failed', error: { kind: 'dns', message: 'ENOTFOUND old' } }),
    job({ monitor: 'acme/b', startedAt: daysAgo(1, 7), status: 'timed_out', error: { kind: 'timeout', message: 'timed out' } }),
    job({ monitor: 'acme/c', startedAt: daysAgo(2), status: 'failed', error: { kind: 'dns', message: 'ENOTFOUND new' }, attempt: 2 }),
    job({ monitor: 'acme/c', startedAt: daysAgo(0, 9), status: 'failed', error: { kind: 'dns', message: 'ENOTFOUND newest' } }),
    job({ monitor: 'acme/a', startedAt: daysAgo(10) }),
    job({ monitor: 'acme/a', startedAt: daysAgo(40), status: 'failed', error: { kind: 'tls', message: 'too old to count' } }),
  ];
  const stats = runStats(jobs, NOW);

  it('rates completion over the last 7 and 30 days', () => {
    expect(stats.last7).toEqual({ attempts: 5, completed: 1, rate: 0.2 });
    expect(stats.last30).toEqual({ attempts: 6, completed: 2, rate: 2 / 6 });
  });

  it('counts attempts per day, oldest first, ending today', () => {
    expect(stats.daily.length).toBe(STATS_DAYS);
    expect(stats.daily.at(-1)).toEqual({ day: '2026-11-28', completed: 1, failed: 1 });
    expect(stats.daily.at(-2)).toEqual({ day: '2026-11-27', completed: 0, failed: 2 });
  });

  it('groups failures by reason with the monitors hit and the latest message', () => {
    expect(stats.failureReasons).toEqual([
      { kind: 'dns', count: 3, monitors: ['acme/a', 'acme/c'], lastMessage: 'ENOTFOUND newest', lastAt: daysAgo(0, 9) },
      { kind: 'timeout', count: 1, monitors: ['acme/b'], lastMessage: 'timed out', lastAt: daysAgo(1, 7) },
    ]);
    expect(stats.recentFailures.map((entry) => entry.startedAt)).toEqual([daysAgo(0, 9), daysAgo(1, 7), daysAgo(1), daysAgo(2)]);
    expect(stats.recentJobs[0]?.startedAt).toBe(daysAgo(0, 9));
  });

  it('has no rate without attempts', () => {
    expect(runStats([], NOW).last7).toEqual({ attempts: 0, completed: 0, rate: null });
  });
});
