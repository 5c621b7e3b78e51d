import { describe, expect, it } from 'vitest';
import { everyMonitorDueAgain } from '../../scripts/demo/timeline.ts';
import { due } from '../../scripts/schedule/due.ts';
import { monitor } from '../helpers/records.ts';

describe('the time of the second cycle', () => {
  const first = new Date('2026-11-28T16:20:00Z');

  it.each([
    ['one schedule', [['a/one', '0 */6 * * *', 'UTC']], '2026-11-28T18:00:00.000Z'],
    [
      'the latest of several',
      [
        ['a/one', '0 */6 * * *', 'UTC'],
        ['a/two', '@daily', 'UTC'],
      ],
      '2026-11-29T00:00:00.000Z',
    ],
    ['a schedule in its time zone', [['a/one', '0 9 * * *', 'Europe/Berlin']], '2026-11-29T08:00:00.000Z'],
  ] as const)('%s', (_what, specs, expected) => {
    const monitors = specs.map(([id, schedule, timezone]) => monitor({ id, schedule, timezone }));
    const second = everyMonitorDueAgain(monitors, first);
    expect(second.toISOString()).toBe(expected);
    // At that time every monitor scanned at the first cycle is due again.
    const lastScans = new Map(monitors.map((entry) => [entry.id, first]));
    expect(due(monitors, lastScans, second).map((decision) => decision.reason)).toEqual(monitors.map(() => 'scheduled'));
  });

  it('ignores disabled monitors', () => {
    const monitors = [monitor({ id: 'a/one' }), monitor({ id: 'a/off', schedule: '@weekly', enabled: false })];
    expect(everyMonitorDueAgain(monitors, first).toISOString()).toBe('2026-11-28T18:00:00.000Z');
  });
});
