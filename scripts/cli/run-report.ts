import type { RunReport } from '../run/cycle.ts';
import { formatTable } from '../shared/text-table.ts';
import { formatDuration, formatUtc, NONE, plural, relativeTime } from '../shared/wording.ts';

/** The human summary of a run, printed on stdout at its end. */
export function formatRunReport(report: RunReport, now: Date): string {
  const lines: string[] = [];
  if (report.recovered.length > 0) {
    lines.push(`Finished the work a killed run left behind for ${report.recovered.join(', ')}.`);
  }
  const { run } = report;
  if (!run) {
    lines.push(nothingDue(report, now));
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `Run ${formatUtc(run.startedAt)}${run.status === 'interrupted' ? ' (interrupted)' : ''}: ${run.due} due, ${run.skipped} not due · ` +
      `${run.scanned} scanned, ${run.failed} failed, ${plural(run.retried, 'retry', 'retries')} · ${formatDuration(run.durationMs)}`,
  );
  if (report.outcomes.length > 0) {
    lines.push('');
    lines.push(
      formatTable(
        ['MONITOR', 'RESULT', 'ATTEMPTS', 'DURATION', 'CHANGES', 'DETAIL'],
        report.outcomes.map((outcome) => {
          const last = outcome.jobs[outcome.jobs.length - 1];
          return [
            outcome.monitor.id,
            last?.status ?? NONE,
            String(outcome.jobs.length),
            formatDuration(outcome.jobs.reduce((sum, job) => sum + job.durationMs, 0)),
            String(outcome.changes.length),
            outcome.scan.error ? `${outcome.scan.error.kind}: ${outcome.scan.error.message}` : '',
          ];
        }),
      ).trimEnd(),
    );
  }
  const { changes } = run;
  lines.push('');
  lines.push(
    changes.total === 0
      ? 'No changes.'
      : `${plural(changes.total, 'change')} (${changes.high} high, ${changes.medium} medium, ${changes.low} low): npm run techscan -- changes --since ${run.startedAt}`,
  );
  lines.push(...deliveryLines(report));
  return `${lines.join('\n')}\n`;
}

function deliveryLines(report: RunReport): string[] {
  const { delivery, notified } = report;
  const lines: string[] = [];
  if (delivery && delivery.sent + delivery.failed > 0) {
    const where = delivery.transport === 'outbox' ? `written to ${delivery.outboxDir ?? 'the outbox'}` : 'sent by SMTP';
    lines.push(`${plural(delivery.sent, 'digest')} ${where}${delivery.failed > 0 ? `, ${delivery.failed} failed (kept pending for the next run)` : ''}.`);
  }
  for (const failure of delivery?.failures ?? []) lines.push(`  digest to ${failure.recipient} failed: ${failure.error}`);
  if (delivery && delivery.alertsGivenUp > 0) lines.push(`${plural(delivery.alertsGivenUp, 'alert')} given up after repeated failures.`);
  if (notified && notified.delivered + notified.failed > 0) {
    lines.push(`${plural(notified.delivered, 'notification')} delivered${notified.failed > 0 ? `, ${notified.failed} failed` : ''}.`);
  }
  return lines;
}

function nothingDue(report: RunReport, now: Date): string {
  const upcoming = report.decisions
    .filter((decision) => decision.nextDue !== null)
    .sort((a, b) => (a.nextDue?.getTime() ?? 0) - (b.nextDue?.getTime() ?? 0))[0];
  if (!upcoming?.nextDue) return 'Nothing to do: no enabled monitors.';
  return `Nothing is due. Next: ${upcoming.monitor.id} at ${formatUtc(upcoming.nextDue)}, ${relativeTime(upcoming.nextDue, now)} (--force scans every monitor now).`;
}

/** The plan of a dry run: what would be scanned and why. */
export function formatPlan(report: RunReport): string {
  return formatTable(
    ['MONITOR', 'DUE', 'REASON', 'SCHEDULED FOR', 'NEXT DUE'],
    report.decisions.map((decision) => [
      decision.monitor.id,
      decision.due ? 'yes' : 'no',
      decision.reason,
      decision.due ? formatUtc(decision.scheduledFor) : NONE,
      decision.due ? 'now' : formatUtc(decision.nextDue),
    ]),
  );
}
