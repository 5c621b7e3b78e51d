import type { Alert, DigestPeriod } from '../../schema/alert.ts';
import type { DigestFrequency } from '../../schema/common.ts';
import type { Settings } from '../../schema/monitor.ts';
import { parseSchedule, type Schedule } from '../../schedule/cron.ts';

/**
 * When digests go out. Pure: the pending alerts, the digest settings and `now` in, the digests
 * to send out. `immediate` alerts are due when created (so at the end of the run that queued
 * them); daily and weekly ones at the next `hour` (and `weekday`) in the digest time zone.
 */

export type DigestSchedule = Settings['digests'];

const CRON_WEEKDAYS: Readonly<Record<DigestSchedule['weekday'], number>> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};
const ONE_MS = 1;

export interface DigestPlan {
  readonly recipient: string;
  readonly frequency: DigestFrequency;
  readonly period: DigestPeriod;
  /** The alerts the digest carries, oldest first. */
  readonly alerts: readonly Alert[];
  /** Set when this is a retry of a digest already attempted: it must go out as that same message. */
  readonly messageId: string | null;
}

/** The fire times of daily or weekly digests, read with cron in the digest time zone. */
export function digestSlots(frequency: 'daily' | 'weekly', schedule: DigestSchedule): Schedule {
  const day = frequency === 'daily' ? '*' : String(CRON_WEEKDAYS[schedule.weekday]);
  return parseSchedule(`0 ${schedule.hour} * * ${day}`, schedule.timezone);
}

/** When an alert created at `createdAt` is owed: at once, or the first digest slot at or after it. */
export function dueAt(frequency: DigestFrequency, createdAt: Date, schedule: DigestSchedule): Date {
  if (frequency === 'immediate') return createdAt;
  return digestSlots(frequency, schedule).next(new Date(createdAt.getTime() - ONE_MS));
}

/**
 * The period a digest of these alerts covers: from the last slot before the oldest alert to the
 * slot the newest one fell due at (immediate: the alerts' own times). Derived from the alerts
 * alone, so composing the same digest again gives the same period and Message-ID.
 */
export function periodOf(frequency: DigestFrequency, alerts: readonly Alert[], schedule: DigestSchedule): DigestPeriod {
  const times = alerts.map((alert) => alert.createdAt).sort();
  const first = times[0];
  const last = times[times.length - 1];
  if (first === undefined || last === undefined) throw new Error('a digest period needs at least one alert');
  if (frequency === 'immediate') return { start: first, end: last };
  const slots = digestSlots(frequency, schedule);
  return {
    start: slots.previous(new Date(new Date(first).getTime() - ONE_MS)).toISOString(),
    end: dueAt(frequency, new Date(last), schedule).toISOString(),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const byCreated = (a: Alert, b: Alert) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * The digests to send at `now`: every digest attempted before and not yet sent (as the same
 * message), then one per recipient and frequency for the fresh alerts that have fallen due.
 */
export function digestsDue(pending: readonly Alert[], schedule: DigestSchedule, now: Date): DigestPlan[] {
  const open = pending.filter((alert) => alert.status === 'pending');
  const plans: DigestPlan[] = [];

  const retries = groupBy(
    open.filter((alert) => alert.messageId !== null && alert.period !== null),
    (alert) => alert.messageId ?? '',
  );
  for (const [messageId, alerts] of retries) {
    const [first] = alerts;
    if (!first?.period) continue;
    plans.push({ recipient: first.recipient, frequency: first.frequency, period: first.period, alerts: alerts.sort(byCreated), messageId });
  }

  const fresh = open.filter((alert) => alert.messageId === null || alert.period === null);
  for (const alerts of groupBy(fresh, (alert) => `${alert.recipient}\n${alert.frequency}`).values()) {
    const [first] = alerts;
    if (!first) continue;
    const due = alerts.filter((alert) => dueAt(alert.frequency, new Date(alert.createdAt), schedule).getTime() <= now.getTime()).sort(byCreated);
    if (due.length === 0) continue;
    plans.push({
      recipient: first.recipient,
      frequency: first.frequency,
      period: periodOf(first.frequency, due, schedule),
      alerts: due,
      messageId: null,
    });
  }

  return plans.sort((a, b) => a.recipient.localeCompare(b.recipient) || a.frequency.localeCompare(b.frequency) || a.period.end.localeCompare(b.period.end));
}

export interface QueueRow {
  readonly recipient: string;
  readonly frequency: DigestFrequency;
  readonly alerts: number;
  readonly monitors: readonly string[];
  /** When the earliest of these alerts is owed; at or before `now` means due. */
  readonly dueAt: Date;
  /** Attempts so far (retries pending after an SMTP failure), with the last error. */
  readonly attempts: number;
  readonly lastError: string | null;
}

/** The queue at a glance, per recipient and frequency: what waits and when it goes out. */
export function queueStatus(pending: readonly Alert[], schedule: DigestSchedule): QueueRow[] {
  const groups = groupBy(pending, (alert) => `${alert.recipient}\n${alert.frequency}`);
  return [...groups.values()]
    .flatMap((alerts) => {
      const [first] = alerts;
      if (!first) return [];
      const due = alerts.map((alert) => dueAt(alert.frequency, new Date(alert.createdAt), schedule).getTime());
      const failing = alerts.filter((alert) => alert.lastError !== null);
      return [
        {
          recipient: first.recipient,
          frequency: first.frequency,
          alerts: alerts.length,
          monitors: [...new Set(alerts.map((alert) => alert.monitor))].sort(),
          dueAt: new Date(Math.min(...due)),
          attempts: Math.max(...alerts.map((alert) => alert.attempts)),
          lastError: failing[0]?.lastError ?? null,
        },
      ];
    })
    .sort((a, b) => a.recipient.localeCompare(b.recipient) || a.frequency.localeCompare(b.frequency));
}
