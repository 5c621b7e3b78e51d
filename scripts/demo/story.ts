import { relative, isAbsolute } from 'node:path';
import { CORE_CATEGORIES } from '../changes/kinds/technology.ts';
import type { MonitorOutcome } from '../run/cycle.ts';
import type { Change } from '../schema/change.ts';
import { CHANGE_TYPES } from '../schema/change-types.ts';
import { SEVERITIES, severityRank } from '../schema/common.ts';
import { formatMetric } from '../schema/metrics.ts';
import type { RunRecord } from '../schema/run.ts';
import type { Technology } from '../schema/signals.ts';
import { formatTable } from '../shared/text-table.ts';
import { formatDuration, NONE, plural } from '../shared/wording.ts';

/** The demo's narration: pure text from what the cycles returned. */

/** Technologies shown per site in the baseline table; the rest are counted. */
const TECHNOLOGIES_SHOWN = 5;

/** What the first cycle found at each site. */
export function baselineTable(outcomes: readonly MonitorOutcome[]): string {
  return formatTable(
    ['MONITOR', 'STATUS', 'GRADE', 'TTFB', 'TECHNOLOGIES'],
    outcomes.map(({ monitor, scan }) => [
      monitor.id,
      scan.ok ? `${scan.status ?? 'ok'}` : `${scan.error?.kind ?? 'failed'}`,
      scan.security?.grade ?? NONE,
      scan.performance?.ttfbMs == null ? NONE : formatMetric('ttfbMs', scan.performance.ttfbMs),
      technologies(scan.technologies),
    ]),
  );
}

/** What a site is built on first (CMS, frameworks), then what has a version, then the rest. */
function technologies(found: readonly Technology[]): string {
  const weight = (tech: Technology) => (tech.categories.some((category) => CORE_CATEGORIES.includes(category)) ? 0 : tech.version ? 1 : 2);
  const named = [...found]
    .sort((a, b) => weight(a) - weight(b) || a.name.localeCompare(b.name))
    .map((tech) => (tech.version ? `${tech.name} ${tech.version}` : tech.name));
  const shown = named.slice(0, TECHNOLOGIES_SHOWN).join(', ');
  return named.length > TECHNOLOGIES_SHOWN ? `${shown}, +${named.length - TECHNOLOGIES_SHOWN} more` : shown || NONE;
}

/** `4 scanned, 1 failed, 1 retry in 9.8 s` */
export function cycleLine(run: RunRecord | null): string {
  if (!run) return 'nothing was due';
  const failed = run.failed > 0 ? `, ${run.failed} failed` : '';
  const retried = run.retried > 0 ? `, ${plural(run.retried, 'retry', 'retries')}` : '';
  return `${run.scanned} scanned${failed}${retried} in ${formatDuration(run.durationMs)}`;
}

/** Most severe first, then by monitor and the detectors' order of types. */
export function bySeverity(changes: readonly Change[]): Change[] {
  return [...changes].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.monitor.localeCompare(b.monitor) ||
      CHANGE_TYPES.indexOf(a.type) - CHANGE_TYPES.indexOf(b.type) ||
      a.summary.localeCompare(b.summary),
  );
}

export function changesTable(changes: readonly Change[]): string {
  return formatTable(
    ['SEVERITY', 'MONITOR', 'TYPE', 'SUMMARY'],
    bySeverity(changes).map((change) => [change.severity, change.monitor, change.type, change.summary]),
  );
}

/** `12 changes: 5 high, 4 medium, 3 low` */
export function changeCounts(changes: readonly Change[]): string {
  const counts = [...SEVERITIES].reverse().map((level) => `${changes.filter((change) => change.severity === level).length} ${level}`);
  return `${plural(changes.length, 'change')}: ${counts.join(', ')}`;
}

/** A path as the reader can use it from where they ran the demo. */
export function shownPath(path: string, cwd: string): string {
  const fromCwd = relative(cwd, path);
  return fromCwd === '' ? '.' : fromCwd.startsWith('..') || isAbsolute(fromCwd) ? path : fromCwd;
}
