import { z } from 'zod';
import { MONITOR_ID_PATTERN } from '../schema/common.ts';
import { monitorFields, type Monitor } from '../schema/monitor.ts';
import { withArticle, literalAddress, refusedAddress, refusedHostName, type Refused } from '../scan/guard/addresses.ts';
import { isTimeZone, parseSchedule, ScheduleError } from '../schedule/cron.ts';
import type { ConfigPath } from './problem.ts';

/**
 * Checks the schema cannot express. Each rule names the fields it reads and runs whenever those
 * are valid, even when other parts of the file are not, so one pass of `validate` reports the
 * schema's problems and the rules' together. Findings carry a path into the monitor's file.
 */

export interface RuleFinding {
  readonly path: ConfigPath;
  readonly message: string;
}

/** What a rule may know beyond the file: the repository-wide settings that change its verdict. */
export interface RuleContext {
  readonly allowPrivateNetworks: boolean;
}

export interface ConfigRule {
  readonly name: string;
  /** `data` is the file's content (defaults merged in); the rule reads only the fields it declared. */
  check(data: unknown, context: RuleContext): RuleFinding[];
}

function fieldRule<Fields>(name: string, fields: z.ZodType<Fields>, check: (fields: Fields, context: RuleContext) => RuleFinding[]): ConfigRule {
  return {
    name,
    check(data, context) {
      const parsed = fields.safeParse(data);
      return parsed.success ? check(parsed.data, context) : [];
    },
  };
}

export const MONITOR_RULES: readonly ConfigRule[] = [
  fieldRule('schedule', z.object({ schedule: monitorFields.schedule, timezone: monitorFields.timezone }), ({ schedule, timezone }) => {
    if (!isTimeZone(timezone)) return [];
    try {
      parseSchedule(schedule, timezone);
      return [];
    } catch (error) {
      if (error instanceof ScheduleError) return [{ path: ['schedule'], message: error.message }];
      throw error;
    }
  }),
  fieldRule('timezone', z.object({ timezone: monitorFields.timezone }), ({ timezone }) =>
    isTimeZone(timezone) ? [] : [{ path: ['timezone'], message: `"${timezone}" is not an IANA time zone (e.g. Europe/Berlin)` }],
  ),
  fieldRule(
    'ignore-patterns',
    z.object({ scan: z.object({ ignore: z.object({ patterns: z.array(z.unknown()).default([]) }).prefault({}) }).prefault({}) }),
    ({ scan }) =>
      scan.ignore.patterns.flatMap((pattern, index) => {
        const problem = typeof pattern === 'string' ? regexProblem(pattern) : undefined;
        return problem ? [{ path: ['scan', 'ignore', 'patterns', index], message: problem }] : [];
      }),
  ),
  fieldRule('private-network', z.object({ url: monitorFields.url }), ({ url }, context) => {
    if (context.allowPrivateNetworks) return [];
    const refused = privateTarget(url);
    return refused
      ? [
          {
            path: ['url'],
            message: `${url} names ${refused.address}, ${withArticle(refused.label)} address: scans refuse private networks unless monitors/_settings.yaml sets allowPrivateNetworks: true`,
          },
        ]
      : [];
  }),
];

export const SETTINGS_RULES: readonly ConfigRule[] = [
  fieldRule('timezone', z.object({ digests: z.object({ timezone: z.string().default('UTC') }).prefault({}) }), ({ digests }) =>
    isTimeZone(digests.timezone) ? [] : [{ path: ['digests', 'timezone'], message: `"${digests.timezone}" is not an IANA time zone (e.g. Europe/Berlin)` }],
  ),
];

/** The settings a monitor rule may read, taken from the settings file even when the rest of it is invalid. */
export function ruleContext(settingsData: unknown): RuleContext {
  const parsed = z.object({ allowPrivateNetworks: z.boolean() }).safeParse(settingsData);
  return { allowPrivateNetworks: parsed.success && parsed.data.allowPrivateNetworks };
}

/** A URL whose host is written as a refused address (any notation), a metadata host or localhost; null otherwise. */
function privateTarget(url: string): Refused | null {
  const host = new URL(url).hostname;
  const literal = literalAddress(host);
  if (literal !== null) return refusedAddress(literal);
  if (host === 'localhost' || host.endsWith('.localhost')) return { address: host, label: 'loopback' };
  return refusedHostName(host);
}

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
