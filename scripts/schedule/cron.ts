import { CronExpressionParser, type CronExpression } from 'cron-parser';

/**
 * Cron schedules as monitors write them: five fields, or one of the nicknames below. The
 * expression library accepts more (seconds, three fields); those are rejected here because
 * a GitHub Actions workflow can never honour them.
 */

export const SCHEDULE_NICKNAMES = ['@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually'] as const;
const CRON_FIELDS = 5;
const ONE_SECOND_MS = 1000;

export class ScheduleError extends Error {}

export interface Schedule {
  readonly expression: string;
  readonly timezone: string;
  /** The latest fire time at or before `at`. */
  previous(at: Date): Date;
  /** The first fire time strictly after `at`. */
  next(at: Date): Date;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function parseSchedule(expression: string, timezone = 'UTC'): Schedule {
  const normalised = expression.trim().replace(/\s+/g, ' ');
  const lower = normalised.toLowerCase();
  const isNickname = (SCHEDULE_NICKNAMES as readonly string[]).includes(lower);
  if (normalised.startsWith('@') && !isNickname) {
    throw new ScheduleError(`"${expression}" is not a known schedule; use ${SCHEDULE_NICKNAMES.join(', ')} or 5 cron fields`);
  }
  const fieldCount = normalised.split(' ').length;
  if (!isNickname && fieldCount !== CRON_FIELDS) {
    throw new ScheduleError(
      `"${expression}" has ${fieldCount} field${fieldCount === 1 ? '' : 's'}; a schedule has 5 (minute hour day-of-month month day-of-week)`,
    );
  }
  if (!isTimeZone(timezone)) throw new ScheduleError(`"${timezone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  const source = lower === '@midnight' ? '@daily' : isNickname ? lower : normalised;
  const at = (currentDate: Date): CronExpression => CronExpressionParser.parse(source, { currentDate, tz: timezone });
  try {
    at(new Date(0)).next();
  } catch (error) {
    throw new ScheduleError(`"${expression}" is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    expression: normalised,
    timezone,
    previous(when) {
      // prev() is strictly before its start; start one second later so a fire time equal to `when` counts.
      const iterator = at(new Date(when.getTime() + ONE_SECOND_MS));
      let fire = iterator.prev().toDate();
      while (fire.getTime() > when.getTime()) fire = iterator.prev().toDate();
      return fire;
    },
    next(when) {
      return at(when).next().toDate();
    },
  };
}
