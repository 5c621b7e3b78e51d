import { UsageError } from '../errors.ts';
import { didYouMean } from '../monitors/suggest.ts';
import type { Monitor, Settings } from '../schema/monitor.ts';
import { due } from '../schedule/due.ts';

/**
 * The monitor workflow's first, cheap job: is there anything to do this hour? Scanning needs a
 * browser and minutes of runner time, so the scanning job starts only when a monitor is due,
 * when someone asked for a scan, or when it is the hour daily and weekly digests go out.
 */

export interface PlanRequest {
  /** Monitor ids a person asked to scan now (workflow_dispatch). */
  readonly requested: readonly string[];
  /** Scan every enabled monitor now (workflow_dispatch). */
  readonly force: boolean;
}

export interface PlanInput {
  readonly monitors: readonly Monitor[];
  readonly settings: Settings;
  readonly lastScans: ReadonlyMap<string, Date>;
  readonly now: Date;
  readonly request: PlanRequest;
}

export interface Plan {
  readonly scan: boolean;
  /** One line for the log: why the scanning job runs or not. */
  readonly reason: string;
  /** Passed to `run` as `--only`: the requested monitors. */
  readonly only: readonly string[];
  readonly force: boolean;
  /** What `run` will scan (the due monitors, or the requested ones). */
  readonly monitors: readonly string[];
  /** Some monitor opens GitHub issues: the scanning job needs `issues: write`. */
  readonly githubIssues: boolean;
}

export function planRun(input: PlanInput): Plan {
  const { monitors, request } = input;
  const githubIssues = monitors.some((monitor) => monitor.enabled && monitor.alerts.enabled && monitor.alerts.githubIssue);
  const base = { only: [] as string[], force: false, githubIssues };

  if (request.requested.length > 0) {
    requireKnown(request.requested, monitors);
    const only = [...new Set(request.requested)];
    return { ...base, scan: true, only, monitors: only, reason: `requested: ${only.join(', ')}` };
  }
  if (request.force) {
    const enabled = monitors.filter((monitor) => monitor.enabled).map((monitor) => monitor.id);
    return { ...base, scan: enabled.length > 0, force: true, monitors: enabled, reason: `forced: every enabled monitor (${enabled.length})` };
  }

  const dueIds = due(monitors, input.lastScans, input.now)
    .filter((decision) => decision.due)
    .map((decision) => decision.monitor.id);
  const digests = isDigestHour(input.settings, input.now);
  const reasons = [dueIds.length > 0 ? `${dueIds.length} due: ${dueIds.join(', ')}` : 'nothing due', ...(digests ? ['digest hour'] : [])];
  return { ...base, scan: dueIds.length > 0 || digests, monitors: dueIds, reason: reasons.join('; ') };
}

/**
 * True during the hour daily and weekly digests go out, so that hour's run sends them even when
 * no scan is due. (Scheduled runs can be skipped by GitHub; the next scan run then sends them.)
 */
export function isDigestHour(settings: Settings, now: Date): boolean {
  const hour = new Intl.DateTimeFormat('en-US', { timeZone: settings.digests.timezone, hour: 'numeric', hourCycle: 'h23' }).format(now);
  return Number(hour) === settings.digests.hour;
}

/** `acme/a acme/b` or `acme/a, acme/b`: the workflow_dispatch input as ids. */
export function parseRequestedIds(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

function requireKnown(requested: readonly string[], monitors: readonly Monitor[]): void {
  const known = monitors.map((monitor) => monitor.id);
  const unknown = requested.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new UsageError(unknown.map((id) => `unknown monitor "${id}"${didYouMean(id, known)}`).join('; '));
  }
}

export interface FeatureSecrets {
  readonly smtp: boolean;
  readonly mailFrom: boolean;
}

/** One notice per optional feature that is off because its secret is missing; never a failure. */
export function featureNotices(secrets: FeatureSecrets, settings: Settings): string[] {
  if (!secrets.smtp) {
    return ["Email digests are off: no SMTP_URL or SMTP_HOST secret is set. Digests are written to the outbox and kept with the run's artifacts."];
  }
  if (!secrets.mailFrom && settings.mail.from === undefined) {
    return ['Email digests have no sender: set the MAIL_FROM secret or mail.from in monitors/_settings.yaml.'];
  }
  return [];
}
