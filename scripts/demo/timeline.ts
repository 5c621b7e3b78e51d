import type { Monitor } from '../schema/monitor.ts';
import { parseSchedule } from '../schedule/cron.ts';

/**
 * The time of the demo's second cycle: the first moment at which every monitor's schedule has
 * fired again since the first cycle. Due-ness is measured from the schedule time the last scan
 * answered, so at that moment every monitor is due, as after a real wait.
 */
export function everyMonitorDueAgain(monitors: readonly Monitor[], firstCycle: Date): Date {
  const fires = monitors.filter((monitor) => monitor.enabled).map((monitor) => parseSchedule(monitor.schedule, monitor.timezone).next(firstCycle).getTime());
  return new Date(Math.max(firstCycle.getTime(), ...fires));
}
