import { isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../../../scripts/errors.ts';

/**
 * What the site is built from, read from the environment once: the data and monitors
 * folders, the time the build decides with ("this week", "next due") and how much history
 * the charts cover. Relative paths resolve against the working directory, defaults against
 * the repository root, so `astro build` works from any folder.
 */
export interface SiteInputs {
  readonly repoRoot: string;
  readonly dataDir: string;
  readonly monitorsDir: string;
  readonly now: Date;
  readonly historyDays: number;
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_HISTORY_DAYS = 365;
const MAX_HISTORY_DAYS = 3660;

export function siteInputs(env: Env, repoRoot: string, cwd: string, clock: () => Date = () => new Date()): SiteInputs {
  const folder = (value: string | undefined, fallback: string) => (value ? (isAbsolute(value) ? value : resolve(cwd, value)) : join(repoRoot, fallback));
  return {
    repoRoot,
    dataDir: folder(env.TECHSCAN_DATA, 'data'),
    monitorsDir: folder(env.TECHSCAN_MONITORS, 'monitors'),
    now: env.TECHSCAN_NOW ? parseNow(env.TECHSCAN_NOW) : clock(),
    historyDays: env.TECHSCAN_SITE_HISTORY_DAYS ? parseHistoryDays(env.TECHSCAN_SITE_HISTORY_DAYS) : DEFAULT_HISTORY_DAYS,
  };
}

function parseNow(value: string): Date {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) {
    throw new UsageError(`TECHSCAN_NOW is not an ISO time (e.g. 2026-11-28T12:00:00Z): ${value}`);
  }
  return new Date(time);
}

function parseHistoryDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > MAX_HISTORY_DAYS) {
    throw new UsageError(`TECHSCAN_SITE_HISTORY_DAYS must be a whole number of days from 1 to ${MAX_HISTORY_DAYS}: ${value}`);
  }
  return days;
}
