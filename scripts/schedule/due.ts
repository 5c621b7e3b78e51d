import type { Monitor } from '../schema/monitor.ts';
import { parseSchedule } from './cron.ts';

export type DueReason = 'never-scanned' | 'scheduled' | 'manual' | 'not-due' | 'disabled' | 'not-selected';

export interface DueDecision {
  readonly monitor: Monitor;
  readonly due: boolean;
  readonly reason: DueReason;
  /** The cron fire time a scan now answers; the run time for a manual or first scan. */
  readonly scheduledFor: Date;
  /** When the monitor is next due: `now` when it is due, null when it is disabled. */
  readonly nextDue: Date | null;
}

export interface DueOptions {
  /** Scan exactly these monitors now, whatever their schedule (manual trigger). */
  readonly only?: readonly string[];
  /** Scan every enabled monitor now. */
  readonly force?: boolean;
}

/**
 * Which monitors to scan at `now`. A monitor is due when its schedule fired after its last
 * scan. However many fire times a late or skipped workflow run missed, the answer is one
 * scan, never a burst.
 */
export function due(monitors: readonly Monitor[], lastScans: ReadonlyMap<string, Date>, now: Date, options: DueOptions = {}): DueDecision[] {
  const only = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  return monitors.map((monitor) => {
    const schedule = parseSchedule(monitor.schedule, monitor.timezone);
    const lastFire = schedule.previous(now);
    const decide = (isDue: boolean, reason: DueReason, scheduledFor: Date = lastFire): DueDecision => ({
      monitor,
      due: isDue,
      reason,
      scheduledFor,
      nextDue: !monitor.enabled && !isDue ? null : isDue ? now : schedule.next(now),
    });

    if (only) return only.has(monitor.id) ? decide(true, 'manual', now) : decide(false, 'not-selected');
    if (!monitor.enabled) return decide(false, 'disabled');
    if (options.force) return decide(true, 'manual', now);
    const lastScan = lastScans.get(monitor.id);
    if (!lastScan) return decide(true, 'never-scanned', now);
    return lastFire.getTime() > lastScan.getTime() ? decide(true, 'scheduled') : decide(false, 'not-due');
  });
}
