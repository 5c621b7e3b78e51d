import { MONITOR_ID_PATTERN } from '../schema/common.ts';
import type { Monitor, Settings } from '../schema/monitor.ts';
import { isTimeZone, parseSchedule, ScheduleError } from '../schedule/cron.ts';
import type { ConfigPath } from './problem.ts';

/**
 * Checks the schema cannot express: they read normalised monitors and return findings with a
 * path into the monitor's file. Each rule has a name, reported with its problems.
 */

export interface RuleFinding {
  readonly path: ConfigPath;
  readonly message: string;
}

export interface MonitorRule {
  readonly name: string;
  check(monitor: Monitor): RuleFinding[];
}

export const MONITOR_RULES: readonly MonitorRule[] = [
  {
    name: 'schedule',
    check(monitor) {
      if (!isTimeZone(monitor.timezone)) return [];
      try {
        parseSchedule(monitor.schedule, monitor.timezone);
        return [];
      } catch (error) {
        if (error instanceof ScheduleError) return [{ path: ['schedule'], message: error.message }];
        throw error;
      }
    },
  },
  {
    name: 'timezone',
    check: (monitor) =>
      isTimeZone(monitor.timezone)
        ? []
        : [{ path: ['timezone'], message: `"${monitor.timezone}" is not an IANA time zone (e.g. Europe/Berlin)` }],
  },
  {
    name: 'ignore-patterns',
    check: (monitor) =>
      monitor.scan.ignore.patterns.flatMap((pattern, index) => {
        const problem = regexProblem(pattern);
        return problem ? [{ path: ['scan', 'ignore', 'patterns', index], message: problem }] : [];
      }),
  },
];

export const SETTINGS_RULES: readonly { readonly name: string; check(settings: Settings): RuleFinding[] }[] = [
  {
    name: 'timezone',
    check: (settings) =>
      isTimeZone(settings.digests.timezone)
        ? []
        : [{ path: ['digests', 'timezone'], message: `"${settings.digests.timezone}" is not an IANA time zone (e.g. Europe/Berlin)` }],
  },
];

/** The location rule: monitors are `<organization>/<slug>.yaml`, names usable as ids and URLs. */
export function layoutProblem(relPath: string): string | undefined {
  const parts = relPath.split('/');
  if (parts[parts.length - 1]?.startsWith('_')) {
    return 'names starting with "_" are reserved: _settings.yaml (top of monitors/) and _defaults.yaml (in an organization folder)';
  }
  if (parts.length !== 2) {
    return parts.length < 2
      ? 'monitor files belong in an organization folder: move it to monitors/<organization>/'
      : 'monitor files sit directly in an organization folder (monitors/<organization>/<slug>.yaml), not deeper';
  }
  const id = relPath.replace(/\.ya?ml$/, '');
  if (!MONITOR_ID_PATTERN.test(id)) {
    return `"${id}" cannot be a monitor id: folder and file names are lowercase letters, digits and hyphens`;
  }
  return undefined;
}

/** Two monitors watching the same page: every later one is reported, pointing at the first. */
export function duplicateUrlFindings(monitors: readonly Monitor[]): { monitor: Monitor; finding: RuleFinding }[] {
  const first = new Map<string, Monitor>();
  const duplicates: { monitor: Monitor; finding: RuleFinding }[] = [];
  for (const monitor of monitors) {
    const key = monitor.url.replace(/\/$/, '');
    const earlier = first.get(key);
    if (earlier) {
      duplicates.push({
        monitor,
        finding: { path: ['url'], message: `${monitor.url} is already monitored by ${earlier.id} (${earlier.file})` },
      });
    } else {
      first.set(key, monitor);
    }
  }
  return duplicates;
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'giu');
    return undefined;
  } catch (error) {
    return `not a valid regular expression: ${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error)}`;
  }
}
