import { describe, expect, it } from 'vitest';
import { validateConfigs } from '../../scripts/monitors/load.ts';
import { due } from '../../scripts/schedule/due.ts';
import type { Monitor } from '../../scripts/schema/monitor.ts';

function monitor(slug: string, schedule: string, extra = ''): Monitor {
  const { monitors, problems } = validateConfigs([
    {
      relPath: `acme/${slug}.yaml`,
      file: `monitors/acme/${slug}.yaml`,
      text: `name: ${slug}\nurl: https://${slug}.example\nschedule: "${schedule}"\n${extra}`,
    },
  ]);
  expect(problems).toEqual([]);
  const [loaded] = monitors;
  if (!loaded) throw new Error('fixture monitor did not load');
  return loaded;
}

const t = (iso: string) => new Date(iso);
const scans = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([id, iso]) => [id, t(iso)]));

describe('due', () => {
  const sixHourly = monitor('six', '0 */6 * * *');

  it.each([
    ['scanned after the last fire time', '2026-11-28T12:05:00Z', '2026-11-28T13:00:00Z', false, 'not-due'],
    ['the schedule fired since the last scan', '2026-11-28T06:05:00Z', '2026-11-28T12:10:00Z', true, 'scheduled'],
    ['a late run, fire time passed long ago', '2026-11-28T06:05:00Z', '2026-11-28T17:59:00Z', true, 'scheduled'],
    ['the run exactly at the fire time', '2026-11-28T06:05:00Z', '2026-11-28T12:00:00Z', true, 'scheduled'],
    ['scanned exactly at the fire time', '2026-11-28T12:00:00Z', '2026-11-28T12:30:00Z', false, 'not-due'],
  ])('%s', (_, lastScan, now, isDue, reason) => {
    const [decision] = due([sixHourly], scans({ 'acme/six': lastScan }), t(now));
    expect(decision).toMatchObject({ due: isDue, reason });
  });

  it('catches up skipped runs with one scan for the latest fire time, never a burst', () => {
    const lastScan = '2026-11-26T00:03:00Z';
    const now = t('2026-11-28T13:20:00Z');
    const decisions = due([sixHourly], scans({ 'acme/six': lastScan }), now);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ due: true, reason: 'scheduled', scheduledFor: t('2026-11-28T12:00:00Z') });
    // Once scanned, the same run time finds nothing more to do.
    const after = due([sixHourly], scans({ 'acme/six': '2026-11-28T13:20:30Z' }), now);
    expect(after[0]).toMatchObject({ due: false, nextDue: t('2026-11-28T18:00:00Z') });
  });

  it('scans a never-scanned monitor at once', () => {
    const now = t('2026-11-28T13:20:00Z');
    expect(due([sixHourly], new Map(), now)[0]).toMatchObject({ due: true, reason: 'never-scanned', scheduledFor: now, nextDue: now });
  });

  it('reads the schedule in the monitor time zone, across DST', () => {
    const ny = monitor('ny', '0 9 * * *', 'timezone: America/New_York\n');
    // Sunday 2026-03-08, DST began at 02:00 local: 09:00 EDT = 13:00 UTC.
    const lastScan = scans({ 'acme/ny': '2026-03-07T14:01:00Z' });
    expect(due([ny], lastScan, t('2026-03-08T12:59:00Z'))[0]).toMatchObject({ due: false, nextDue: t('2026-03-08T13:00:00Z') });
    expect(due([ny], lastScan, t('2026-03-08T13:00:00Z'))[0]).toMatchObject({ due: true, scheduledFor: t('2026-03-08T13:00:00Z') });
  });

  it('treats @daily as midnight UTC', () => {
    const daily = monitor('daily', '@daily');
    const lastScan = scans({ 'acme/daily': '2026-11-27T00:10:00Z' });
    expect(due([daily], lastScan, t('2026-11-27T23:59:59Z'))[0]?.due).toBe(false);
    expect(due([daily], lastScan, t('2026-11-28T00:00:00Z'))[0]).toMatchObject({ due: true, scheduledFor: t('2026-11-28T00:00:00Z') });
  });

  it('never scans a disabled monitor on schedule', () => {
    const off = monitor('off', '@hourly', 'enabled: false\n');
    expect(due([off], new Map(), t('2026-11-28T13:00:00Z'))[0]).toMatchObject({ due: false, reason: 'disabled', nextDue: null });
  });

  it('--force scans every enabled monitor now; --only scans exactly the named ones', () => {
    const other = monitor('other', '@weekly');
    const off = monitor('off', '@hourly', 'enabled: false\n');
    const now = t('2026-11-28T13:20:00Z');
    const lastScan = scans({ 'acme/six': '2026-11-28T13:00:00Z', 'acme/other': '2026-11-28T13:00:00Z' });

    const forced = due([sixHourly, other, off], lastScan, now, { force: true });
    expect(forced.map((decision) => [decision.monitor.id, decision.due, decision.reason])).toEqual([
      ['acme/six', true, 'manual'],
      ['acme/other', true, 'manual'],
      ['acme/off', false, 'disabled'],
    ]);

    const only = due([sixHourly, other, off], lastScan, now, { only: ['acme/other', 'acme/off'] });
    expect(only.map((decision) => [decision.monitor.id, decision.due, decision.reason])).toEqual([
      ['acme/six', false, 'not-selected'],
      ['acme/other', true, 'manual'],
      ['acme/off', true, 'manual'],
    ]);
    expect(only[1]?.scheduledFor).toEqual(now);
  });
});
