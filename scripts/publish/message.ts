import type { RunRecord } from '../schema/run.ts';
import { formatDuration, plural } from '../shared/wording.ts';

/**
 * The commit message of one run: a subject that says what the run found
 * (`data: 14 scans, 3 changes (1 high)`) and a body with the run's figures. The data itself
 * lives in data/; the message is for people reading `git log`.
 */
export function commitMessage(run: RunRecord): string {
  return `${commitSubject(run)}\n\n${commitBody(run).join('\n')}\n`;
}

function commitSubject(run: RunRecord): string {
  const scans = run.scanned + run.failed;
  const parts = [`${plural(scans, 'scan')}${run.failed > 0 ? ` (${run.failed} failed)` : ''}`];
  parts.push(run.changes.total === 0 ? 'no changes' : `${plural(run.changes.total, 'change')}${run.changes.high > 0 ? ` (${run.changes.high} high)` : ''}`);
  if (run.digests.sent > 0) parts.push(`${plural(run.digests.sent, 'digest')} sent`);
  const interrupted = run.status === 'interrupted' ? ' [interrupted]' : '';
  return `data: ${parts.join(', ')}${interrupted}`;
}

function commitBody(run: RunRecord): string[] {
  return [
    `Run ${run.id} (${run.trigger}), decided at ${run.now}, took ${formatDuration(run.durationMs)}.`,
    `Monitors: ${run.monitors} configured, ${run.due} due, ${run.skipped} not due.`,
    `Scans: ${run.scanned} succeeded, ${run.failed} failed, ${plural(run.retried, 'retry', 'retries')}.`,
    `Changes: ${run.changes.high} high, ${run.changes.medium} medium, ${run.changes.low} low.`,
    `Digests: ${run.digests.sent} sent, ${run.digests.failed} failed.`,
  ];
}
