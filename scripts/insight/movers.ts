import type { Change } from '../schema/change.ts';
import type { Severity } from '../schema/common.ts';
import type { PerformanceMetric } from '../schema/monitor.ts';
import { changeRef, oldestFirst, type ChangeRef } from './change-ref.ts';

/**
 * The landscape's last month in two lists, computed from change records alone (pure, `now` an
 * argument): the movers — monitors ranked by how much changed at them — and the adoption
 * shifts — technologies ranked by how many sites took them up or dropped them. The site's
 * trends page and the weekly digest's landscape section both show this.
 */

export const INSIGHT_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/** Points per change when ranking movers: a high-severity change outweighs three low ones. */
export const SEVERITY_POINTS: Readonly<Record<Severity, number>> = { high: 3, medium: 2, low: 1 };

export interface Mover {
  readonly monitor: string;
  /** Sum of SEVERITY_POINTS over the monitor's changes in the window. */
  readonly score: number;
  readonly changes: readonly ChangeRef[];
  readonly added: readonly TechnologyMoveRef[];
  readonly removed: readonly TechnologyMoveRef[];
  readonly upgraded: readonly TechnologyMoveRef[];
  /** The grade at the start of the window and the one it ended with, when it moved. */
  readonly grade: { readonly from: string; readonly to: string; readonly changes: readonly ChangeRef[] } | null;
  /** The largest performance shift in the window, by its percent. */
  readonly performance: { readonly metric: PerformanceMetric; readonly changePercent: number; readonly change: ChangeRef } | null;
}

export interface TechnologyMoveRef extends ChangeRef {
  readonly technology: string;
  readonly version: string | null;
  readonly previousVersion: string | null;
}

export interface AdoptionShift {
  readonly technology: string;
  /** Sites that adopted it minus sites that dropped it. */
  readonly net: number;
  readonly added: readonly TechnologyMoveRef[];
  readonly removed: readonly TechnologyMoveRef[];
  readonly upgraded: readonly TechnologyMoveRef[];
}

export interface LandscapeSummary {
  /** The window: changes detected after `since`, up to and including `until`. */
  readonly since: string;
  readonly until: string;
  readonly changes: number;
  /** Most moved first. */
  readonly movers: readonly Mover[];
  /** Largest net shift first. */
  readonly shifts: readonly AdoptionShift[];
}

export function landscapeSummary(changes: readonly Change[], now: Date, days = INSIGHT_WINDOW_DAYS): LandscapeSummary {
  const until = now.toISOString();
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const recent = changes.filter((change) => change.detectedAt > since && change.detectedAt <= until).sort(oldestFirst);
  const byMonitor = new Map<string, Change[]>();
  for (const change of recent) byMonitor.set(change.monitor, [...(byMonitor.get(change.monitor) ?? []), change]);
  const movers = [...byMonitor].map(([monitor, monitorChanges]) => mover(monitor, monitorChanges));
  movers.sort((a, b) => b.score - a.score || b.changes.length - a.changes.length || a.monitor.localeCompare(b.monitor));
  return { since, until, changes: recent.length, movers, shifts: adoptionShifts(recent) };
}

function mover(monitor: string, changes: readonly Change[]): Mover {
  const moves = changes.flatMap(technologyMove);
  const grades = changes.flatMap((change) => (change.type === 'security_grade_changed' ? [change] : []));
  const firstGrade = grades[0];
  const lastGrade = grades.at(-1);
  const performance = changes
    .flatMap((change) => (change.type === 'performance_degraded' || change.type === 'performance_improved' ? [change] : []))
    .sort((a, b) => Math.abs(b.data.changePercent) - Math.abs(a.data.changePercent) || oldestFirst(a, b))[0];
  return {
    monitor,
    score: changes.reduce((sum, change) => sum + SEVERITY_POINTS[change.severity], 0),
    changes: changes.map(changeRef),
    added: moves.filter((move) => move.type === 'technology_added'),
    removed: moves.filter((move) => move.type === 'technology_removed'),
    upgraded: moves.filter((move) => move.type === 'technology_version_changed'),
    grade:
      firstGrade && lastGrade && firstGrade.data.previousGrade !== lastGrade.data.grade
        ? { from: firstGrade.data.previousGrade, to: lastGrade.data.grade, changes: grades.map(changeRef) }
        : null,
    performance: performance ? { metric: performance.data.metric, changePercent: performance.data.changePercent, change: changeRef(performance) } : null,
  };
}

export function technologyMove(change: Change): TechnologyMoveRef[] {
  switch (change.type) {
    case 'technology_added':
    case 'technology_removed':
    case 'technology_version_changed':
      return [{ ...changeRef(change), technology: change.data.technology, version: change.data.version, previousVersion: change.data.previousVersion }];
    default:
      return [];
  }
}

function adoptionShifts(changes: readonly Change[]): AdoptionShift[] {
  const byTechnology = new Map<string, TechnologyMoveRef[]>();
  for (const move of changes.flatMap(technologyMove)) byTechnology.set(move.technology, [...(byTechnology.get(move.technology) ?? []), move]);
  return [...byTechnology]
    .map(([technology, moves]) => {
      const added = moves.filter((move) => move.type === 'technology_added');
      const removed = moves.filter((move) => move.type === 'technology_removed');
      const upgraded = moves.filter((move) => move.type === 'technology_version_changed');
      return { technology, net: added.length - removed.length, added, removed, upgraded };
    })
    .sort(
      (a, b) =>
        Math.abs(b.net) - Math.abs(a.net) ||
        b.added.length + b.removed.length + b.upgraded.length - (a.added.length + a.removed.length + a.upgraded.length) ||
        a.technology.localeCompare(b.technology),
    );
}
