import { changeRef, oldestFirst, type ChangeRef } from '../../../scripts/insight/change-ref.ts';
import { technologyMove, type TechnologyMoveRef } from '../../../scripts/insight/movers.ts';
import type { Grade } from '../../../scripts/schema/scan.ts';
import type { Change } from '../../../scripts/schema/change.ts';
import type { MonthSummary } from './periods.ts';

/** One monitor's trends: technology churn per quarter and its grade and performance per month. */

export interface QuarterChurn {
  /** `2026-Q4`. */
  readonly quarter: string;
  readonly added: readonly TechnologyMoveRef[];
  readonly removed: readonly TechnologyMoveRef[];
  readonly upgraded: readonly TechnologyMoveRef[];
}

export interface MonitorMonth {
  readonly month: string;
  readonly grade: Grade | null;
  readonly score: number | null;
  readonly lcpMs: number | null;
  readonly ttfbMs: number | null;
  readonly okScans: number;
  readonly gradeChanges: readonly ChangeRef[];
  readonly performanceChanges: readonly ChangeRef[];
}

export function quarterOf(iso: string): string {
  return `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Quarters with at least one technology move, newest first. */
export function churnByQuarter(changes: readonly Change[]): QuarterChurn[] {
  const byQuarter = new Map<string, TechnologyMoveRef[]>();
  for (const move of changes.flatMap(technologyMove).sort(oldestFirst)) {
    const quarter = quarterOf(move.detectedAt);
    byQuarter.set(quarter, [...(byQuarter.get(quarter) ?? []), move]);
  }
  return [...byQuarter]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([quarter, moves]) => ({
      quarter,
      added: moves.filter((move) => move.type === 'technology_added'),
      removed: moves.filter((move) => move.type === 'technology_removed'),
      upgraded: moves.filter((move) => move.type === 'technology_version_changed'),
    }));
}

/** Months with a successful scan, newest first. */
export function monitorMonths(monthly: readonly MonthSummary[], changes: readonly Change[]): MonitorMonth[] {
  const sorted = [...changes].sort(oldestFirst);
  return [...monthly].reverse().map((summary) => {
    const inMonth = sorted.filter((change) => change.detectedAt.startsWith(summary.period));
    return {
      month: summary.period,
      grade: summary.grade,
      score: summary.score,
      lcpMs: summary.medians.lcpMs,
      ttfbMs: summary.medians.ttfbMs,
      okScans: summary.okScans,
      gradeChanges: inMonth.filter((change) => change.type === 'security_grade_changed').map(changeRef),
      performanceChanges: inMonth.filter((change) => change.type === 'performance_degraded' || change.type === 'performance_improved').map(changeRef),
    };
  });
}
