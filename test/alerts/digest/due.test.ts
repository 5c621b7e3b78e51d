import { describe, expect, it } from 'vitest';
import { digestsDue, dueAt, queueStatus } from '../../../scripts/alerts/digest/due.ts';
import { alert, settings, versionChange } from '../fixtures.ts';

const change = versionChange('React', '18.2.0', '19.0.0');
const at = (iso: string) => new Date(iso);
const schedule = (digests: Record<string, unknown>) => settings({ digests }).digests;

describe('dueAt: daily and weekly boundaries across time zones', () => {
  it.each([
    // [case, frequency, digest settings, alert created, due at (UTC)]
    ['immediate: at once', 'immediate', {}, '2026-11-28T06:05:00Z', '2026-11-28T06:05:00.000Z'],
    ['daily UTC, before the hour', 'daily', { hour: 8 }, '2026-11-28T07:59:59Z', '2026-11-28T08:00:00.000Z'],
    ['daily UTC, exactly on the hour', 'daily', { hour: 8 }, '2026-11-28T08:00:00Z', '2026-11-28T08:00:00.000Z'],
    ['daily UTC, just after the hour', 'daily', { hour: 8 }, '2026-11-28T08:00:01Z', '2026-11-29T08:00:00.000Z'],
    ['daily Berlin (UTC+1 in winter)', 'daily', { hour: 8, timezone: 'Europe/Berlin' }, '2026-11-28T06:30:00Z', '2026-11-28T07:00:00.000Z'],
    ['daily Berlin (UTC+2 in summer)', 'daily', { hour: 8, timezone: 'Europe/Berlin' }, '2026-07-01T05:30:00Z', '2026-07-01T06:00:00.000Z'],
    ['daily Berlin across the spring DST switch', 'daily', { hour: 8, timezone: 'Europe/Berlin' }, '2026-03-28T07:30:00Z', '2026-03-29T06:00:00.000Z'],
    [
      'daily Los Angeles (UTC-8): the UTC date differs',
      'daily',
      { hour: 8, timezone: 'America/Los_Angeles' },
      '2026-11-28T17:00:00Z',
      '2026-11-29T16:00:00.000Z',
    ],
    ['daily Auckland (UTC+13): the previous UTC day', 'daily', { hour: 8, timezone: 'Pacific/Auckland' }, '2026-11-27T18:00:00Z', '2026-11-27T19:00:00.000Z'],
    ['weekly Monday UTC, from a Saturday', 'weekly', { hour: 8, weekday: 'monday' }, '2026-11-28T12:00:00Z', '2026-11-30T08:00:00.000Z'],
    ['weekly Monday UTC, just after the slot', 'weekly', { hour: 8, weekday: 'monday' }, '2026-11-30T08:00:01Z', '2026-12-07T08:00:00.000Z'],
    [
      'weekly Monday Tokyo (UTC+9) is Sunday in UTC',
      'weekly',
      { hour: 8, weekday: 'monday', timezone: 'Asia/Tokyo' },
      '2026-11-29T22:00:00Z',
      '2026-11-29T23:00:00.000Z',
    ],
    [
      'weekly Monday Tokyo, an hour late is next week',
      'weekly',
      { hour: 8, weekday: 'monday', timezone: 'Asia/Tokyo' },
      '2026-11-29T23:30:00Z',
      '2026-12-06T23:00:00.000Z',
    ],
    [
      'weekly Friday New York, 17:00 local',
      'weekly',
      { hour: 17, weekday: 'friday', timezone: 'America/New_York' },
      '2026-11-27T21:59:00Z',
      '2026-11-27T22:00:00.000Z',
    ],
  ] as const)('%s', (_label, frequency, digests, created, expected) => {
    expect(dueAt(frequency, at(created), schedule(digests)).toISOString()).toBe(expected);
  });
});

describe('digestsDue', () => {
  const berlin = schedule({ hour: 8, timezone: 'Europe/Berlin' });

  it('sends nothing for a period that is not yet due, and the whole period once it is', () => {
    const early = alert(change, { createdAt: '2026-11-27T09:00:00.000Z' });
    const late = alert(versionChange('Vue.js', '3.4.21', '3.5.13'), { createdAt: '2026-11-28T06:59:00.000Z' });
    const next = alert(versionChange('jQuery', '3.6.0', '3.7.1'), { createdAt: '2026-11-28T07:00:01.000Z' });
    const pending = [next, late, early];

    expect(digestsDue(pending, berlin, at('2026-11-28T06:59:59Z'))).toEqual([]);
    const [plan, ...rest] = digestsDue(pending, berlin, at('2026-11-28T07:00:00Z'));
    expect(rest).toEqual([]);
    expect(plan).toMatchObject({
      recipient: 'intel@acme.example',
      frequency: 'daily',
      // 08:00 Berlin to 08:00 Berlin; the alert after 08:00 waits for tomorrow.
      period: { start: '2026-11-27T07:00:00.000Z', end: '2026-11-28T07:00:00.000Z' },
      messageId: null,
    });
    expect(plan?.alerts.map((item) => item.id)).toEqual([early.id, late.id]);
  });

  it('groups per recipient and frequency, whatever the monitor', () => {
    const created = '2026-11-28T06:00:00.000Z';
    const cartly = alert(change, { createdAt: created, frequency: 'immediate' });
    const paynest = alert(versionChange('Vue.js', '3.4.21', '3.5.13', { monitor: 'globex/paynest' }), { createdAt: created, frequency: 'immediate' });
    const cto = alert(change, { createdAt: created, frequency: 'immediate', recipient: 'cto@acme.example' });
    const daily = alert(versionChange('jQuery', '3.6.0', '3.7.1'), { createdAt: created });
    const plans = digestsDue([cartly, paynest, cto, daily], berlin, at(created));
    expect(plans.map((plan) => [plan.recipient, plan.frequency, plan.alerts.length])).toEqual([
      ['cto@acme.example', 'immediate', 1],
      ['intel@acme.example', 'immediate', 2],
    ]);
    expect(plans[1]?.period).toEqual({ start: created, end: created });
  });

  it('resends an attempted digest as the same message even when newer alerts wait', () => {
    const attempted = {
      ...alert(change, { createdAt: '2026-11-27T09:00:00.000Z' }),
      attempts: 1,
      lastError: 'connect ECONNREFUSED',
      messageId: '<digest.abc@acme.example>',
      period: { start: '2026-11-27T07:00:00.000Z', end: '2026-11-28T07:00:00.000Z' },
    };
    const fresh = alert(versionChange('Vue.js', '3.4.21', '3.5.13'), { createdAt: '2026-11-28T09:00:00.000Z' });
    const plans = digestsDue([attempted, fresh], berlin, at('2026-11-28T10:00:00Z'));
    expect(plans).toEqual([
      { recipient: 'intel@acme.example', frequency: 'daily', period: attempted.period, alerts: [attempted], messageId: attempted.messageId },
    ]);
  });

  it('summarises the queue with when each group falls due', () => {
    const rows = queueStatus([alert(change, { createdAt: '2026-11-28T09:00:00.000Z' })], berlin);
    expect(rows).toEqual([
      {
        recipient: 'intel@acme.example',
        frequency: 'daily',
        alerts: 1,
        monitors: ['acme/cartly'],
        dueAt: at('2026-11-29T07:00:00.000Z'),
        attempts: 0,
        lastError: null,
      },
    ]);
  });
});
