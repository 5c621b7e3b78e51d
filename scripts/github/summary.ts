import * as core from '@actions/core';
import { EnvironmentError } from '../errors.ts';
import type { Change } from '../schema/change.ts';
import { SEVERITIES, severityRank, type Severity } from '../schema/common.ts';
import type { Job } from '../schema/job.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { RunRecord } from '../schema/run.ts';
import { SITE_PATHS, siteUrl } from '../shared/site-links.ts';
import { formatDuration, formatUtc, plural } from '../shared/wording.ts';
import { escapeHtml, link } from './html.ts';

/**
 * The Actions job summary of one run: what was scanned, what failed and why, what changed by
 * severity, digests sent, and links into the published site. Also the step outputs later jobs
 * and workflows branch on (`changes`, `high_changes`, `failed`) and a warning annotation per
 * failed monitor, pointing at its YAML file.
 */

export interface JobSummaryInput {
  readonly run: RunRecord;
  /** This run's job records, every attempt. */
  readonly jobs: readonly Job[];
  /** The changes this run detected. */
  readonly changes: readonly Change[];
  readonly monitors: readonly Monitor[];
  readonly siteBaseUrl: string | null;
  readonly digests: { readonly sent: number; readonly failed: number };
}

/** Rows beyond these go to the site's pages: a summary stays readable (and under GitHub's 1 MiB). */
export const MAX_CHANGE_ROWS = 50;
export const MAX_MONITOR_ROWS = 200;
/** GitHub shows at most 10 warning annotations per step. */
export const MAX_FAILURE_ANNOTATIONS = 10;

const SEVERITY_MARK: Readonly<Record<Severity, string>> = { high: '🔴 high', medium: '🟠 medium', low: '⚪ low' };
const STATUS_MARK: Readonly<Record<Job['status'], string>> = { completed: '✅ ok', failed: '❌ failed', timed_out: '⏱️ timed out' };

export interface StepOutputs {
  readonly changes: number;
  readonly high_changes: number;
  readonly failed: number;
}

export function stepOutputs(run: RunRecord): StepOutputs {
  return { changes: run.changes.total, high_changes: run.changes.high, failed: run.failed };
}

/** One monitor's scan in this run: its last attempt decides, every attempt counts. */
export interface MonitorScan {
  readonly monitor: string;
  readonly last: Job;
  readonly attempts: number;
  readonly durationMs: number;
}

export function scansByMonitor(jobs: readonly Job[]): MonitorScan[] {
  const grouped = new Map<string, Job[]>();
  for (const job of jobs) grouped.set(job.monitor, [...(grouped.get(job.monitor) ?? []), job]);
  return [...grouped.entries()]
    .map(([monitor, attempts]) => {
      const last = attempts.reduce((latest, job) => (job.attempt > latest.attempt ? job : latest));
      const durationMs = attempts.reduce((sum, job) => sum + job.durationMs, 0);
      return { monitor, last, attempts: attempts.length, durationMs };
    })
    .sort((a, b) => a.monitor.localeCompare(b.monitor));
}

/** The summary as HTML, built with @actions/core's summary builder. */
export function renderJobSummary(input: JobSummaryInput): string {
  const { run, siteBaseUrl } = input;
  const page = (path: string) => (siteBaseUrl === null ? null : siteUrl(siteBaseUrl, path));
  const names = new Map(input.monitors.map((monitor) => [monitor.id, monitor]));
  const monitorCell = (id: string) => `${link(names.get(id)?.name ?? id, page(SITE_PATHS.monitor(id)))} <code>${escapeHtml(id)}</code>`;
  const scans = scansByMonitor(input.jobs);
  const failures = scans.filter((scan) => scan.last.status !== 'completed');

  const summary = core.summary.emptyBuffer();
  summary.addHeading(`TechScan run: ${plural(run.scanned + run.failed, 'scan')}, ${plural(run.changes.total, 'change')}`, 2);
  summary.addRaw(`<p>${escapeHtml(overviewLine(run))}</p>`, true);
  if (siteBaseUrl !== null) {
    const links = [link('Dashboard', page(SITE_PATHS.overview)), link('Changes', page(SITE_PATHS.changes)), link('Runs', page(SITE_PATHS.runs))];
    summary.addRaw(`<p>${links.join(' · ')}</p>`, true);
  }

  summary.addHeading(`Changes (${run.changes.total})`, 3);
  summary.addTable([
    SEVERITIES.toReversed().map((severity) => ({ data: SEVERITY_MARK[severity], header: true })),
    SEVERITIES.toReversed().map((severity) => String(run.changes[severity])),
  ]);
  const changes = [...input.changes].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.monitor.localeCompare(b.monitor));
  if (changes.length > 0) {
    summary.addTable([
      [
        { data: 'Severity', header: true },
        { data: 'Monitor', header: true },
        { data: 'Change', header: true },
      ],
      ...changes
        .slice(0, MAX_CHANGE_ROWS)
        .map((change) => [
          SEVERITY_MARK[change.severity],
          monitorCell(change.monitor),
          link(change.summary, page(SITE_PATHS.change(change.monitor, change.id))),
        ]),
    ]);
    if (changes.length > MAX_CHANGE_ROWS) summary.addRaw(`<p>${moreLine(changes.length - MAX_CHANGE_ROWS, 'change', page(SITE_PATHS.changes))}</p>`, true);
  }

  summary.addHeading(`Failures (${failures.length})`, 3);
  if (failures.length === 0) summary.addRaw('<p>Every scan succeeded.</p>', true);
  else {
    summary.addTable([
      ['Monitor', 'Result', 'Reason', 'Attempts'].map((data) => ({ data, header: true })),
      ...failures.map((scan) => [
        monitorCell(scan.monitor),
        STATUS_MARK[scan.last.status],
        scan.last.error ? `<code>${escapeHtml(scan.last.error.kind)}</code> ${escapeHtml(scan.last.error.message)}` : '',
        String(scan.attempts),
      ]),
    ]);
  }

  summary.addHeading(`Scanned monitors (${scans.length})`, 3);
  if (scans.length === 0) summary.addRaw('<p>Nothing was due.</p>', true);
  else {
    summary.addTable([
      ['Monitor', 'URL', 'Result', 'Attempts', 'Time'].map((data) => ({ data, header: true })),
      ...scans.slice(0, MAX_MONITOR_ROWS).map((scan) => {
        const url = names.get(scan.monitor)?.url ?? '';
        return [monitorCell(scan.monitor), escapeHtml(url), STATUS_MARK[scan.last.status], String(scan.attempts), formatDuration(scan.durationMs)];
      }),
    ]);
    if (scans.length > MAX_MONITOR_ROWS) summary.addRaw(`<p>${moreLine(scans.length - MAX_MONITOR_ROWS, 'monitor', page(SITE_PATHS.runs))}</p>`, true);
  }

  summary.addHeading('Digests', 3);
  summary.addRaw(`<p>${escapeHtml(digestLine(input.digests))}</p>`, true);

  const html = summary.stringify();
  summary.emptyBuffer();
  return html;
}

/**
 * Appends the summary to $GITHUB_STEP_SUMMARY, sets the step outputs in $GITHUB_OUTPUT and
 * annotates failed monitors. For GitHub Actions only: both files must exist.
 */
export async function writeJobSummary(input: JobSummaryInput): Promise<void> {
  for (const variable of ['GITHUB_STEP_SUMMARY', 'GITHUB_OUTPUT']) {
    if (!process.env[variable]) throw new EnvironmentError(`$${variable} is not set: job summaries exist only inside GitHub Actions`);
  }
  await core.summary.addRaw(renderJobSummary(input)).write();
  for (const [name, value] of Object.entries(stepOutputs(input.run))) core.setOutput(name, value);
  annotateFailures(input.jobs, input.monitors);
}

/** A warning per failed monitor on its YAML file (the first few; the summary lists them all). */
export function annotateFailures(jobs: readonly Job[], monitors: readonly Monitor[]): void {
  const files = new Map(monitors.map((monitor) => [monitor.id, monitor.file]));
  const failures = scansByMonitor(jobs).filter((scan) => scan.last.status !== 'completed');
  for (const scan of failures.slice(0, MAX_FAILURE_ANNOTATIONS)) {
    const reason = scan.last.error ? `${scan.last.error.kind}: ${scan.last.error.message}` : scan.last.status;
    const file = files.get(scan.monitor);
    core.warning(`${scan.monitor}: ${reason} (${plural(scan.attempts, 'attempt')})`, {
      title: 'TechScan scan failed',
      ...(file ? { file } : {}),
    });
  }
}

function overviewLine(run: RunRecord): string {
  const trigger = { schedule: 'Scheduled run', manual: 'Manual run', local: 'Local run' }[run.trigger];
  return [
    `${trigger} at ${formatUtc(run.now)}${run.status === 'interrupted' ? ' (interrupted)' : ''}`,
    `${run.monitors} monitors, ${run.due} due, ${run.skipped} not due`,
    `${run.scanned} scanned, ${run.failed} failed, ${plural(run.retried, 'retry', 'retries')}`,
    `took ${formatDuration(run.durationMs)}`,
  ].join(' · ');
}

function digestLine(digests: JobSummaryInput['digests']): string {
  if (digests.sent === 0 && digests.failed === 0) return 'No digest was due.';
  return `${plural(digests.sent, 'digest')} sent${digests.failed > 0 ? `, ${digests.failed} failed` : ''}.`;
}

function moreLine(count: number, noun: string, href: string | null): string {
  return `… and ${plural(count, `more ${noun}`, `more ${noun}s`)}${href === null ? '' : ` on ${link('the site', href)}`}.`;
}
