import { describe, expect, it } from 'vitest';
import { parseSchedule, ScheduleError } from '../../scripts/schedule/cron.ts';

describe('parseSchedule accepts', () => {
  it.each(['0 */6 * * *', '17 * * * *', '0 9 * * 1-5', '30 2 1 * *', '0 0 * * SUN', '@hourly', '@daily', '@weekly', '@monthly', '@Daily', ' 0  */6 * * * '])(
    '%s',
    (expression) => {
      expect(() => parseSchedule(expression)).not.toThrow();
    },
  );
});

describe('parseSchedule rejects', () => {
  it.each([
    ['61 * * * *', /not a valid cron expression/],
    ['* * *', /has 3 fields; a schedule has 5/],
    ['0 0 * * * *', /has 6 fields/],
    ['@every5m', /not a known schedule/],
    ['@secondly', /not a known schedule/],
    ['0 25 * * *', /not a valid cron expression/],
    ['banana', /has 1 field;/],
  ])('%s', (expression, message) => {
    expect(() => parseSchedule(expression)).toThrow(ScheduleError);
    expect(() => parseSchedule(expression)).toThrow(message);
  });

  it('an unknown time zone', () => {
    expect(() => parseSchedule('@daily', 'Mars/Olympus')).toThrow(/not an IANA time zone/);
  });
});

describe('fire times', () => {
  const at = (iso: string) => new Date(iso);

  it.each([
    // expression, zone, at, previous, next
    ['0 */6 * * *', 'UTC', '2026-11-28T13:59:59Z', '2026-11-28T12:00:00.000Z', '2026-11-28T18:00:00.000Z'],
    ['0 */6 * * *', 'UTC', '2026-11-28T12:00:00Z', '2026-11-28T12:00:00.000Z', '2026-11-28T18:00:00.000Z'],
    ['@daily', 'UTC', '2026-11-28T00:00:00.500Z', '2026-11-28T00:00:00.000Z', '2026-11-29T00:00:00.000Z'],
    ['@daily', 'UTC', '2026-11-27T23:59:59.999Z', '2026-11-27T00:00:00.000Z', '2026-11-28T00:00:00.000Z'],
    ['0 9 * * *', 'Europe/Berlin', '2026-11-28T12:00:00Z', '2026-11-28T08:00:00.000Z', '2026-11-29T08:00:00.000Z'],
    // Summer time in Berlin: 09:00 local is 07:00 UTC.
    ['0 9 * * *', 'Europe/Berlin', '2026-07-01T12:00:00Z', '2026-07-01T07:00:00.000Z', '2026-07-02T07:00:00.000Z'],
    // DST starts in New York on 2026-03-08: the 09:00 fire moves from 14:00 to 13:00 UTC.
    ['0 9 * * *', 'America/New_York', '2026-03-08T12:00:00Z', '2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z'],
    ['@weekly', 'UTC', '2026-11-28T12:00:00Z', '2026-11-22T00:00:00.000Z', '2026-11-29T00:00:00.000Z'],
  ])('%s in %s at %s', (expression, zone, now, previous, next) => {
    const schedule = parseSchedule(expression, zone);
    expect(schedule.previous(at(now)).toISOString()).toBe(previous);
    expect(schedule.next(at(now)).toISOString()).toBe(next);
  });
});
