import { changeRef, type ChangeRef } from '../../../scripts/insight/change-ref.ts';
import { technologyMove, type TechnologyMoveRef } from '../../../scripts/insight/movers.ts';
import type { Change } from '../../../scripts/schema/change.ts';
import type { MonthSummary } from './periods.ts';
import { median } from './series.ts';

/**
 * Trends across the landscape, month by month (UTC), computed at build time from each
 * monitor's monthly summaries and the change records. Every count keeps the references of
 * the changes behind it so the page can link to them.
 */

export interface TrendMonitor {
  readonly id: string;
  readonly monthly: readonly MonthSummary[];
}

export interface TechnologyMonth {
  readonly month: string;
  /** Sites whose last successful scan by the end of the month ran it. */
  readonly users: number;
  readonly added: readonly TechnologyMoveRef[];
  readonly removed: readonly TechnologyMoveRef[];
  readonly upgraded: readonly TechnologyMoveRef[];
}

export interface GradeMonth {
  readonly month: string;
  /** Sites graded in the month by the letter of their last grade (A+ and A- count as A). */
  readonly letters: Readonly<Record<string, number>>;
  readonly improved: readonly ChangeRef[];
  readonly dropped: readonly ChangeRef[];
}

export interface PerformanceMonth {
  readonly month: string;
  /** Median across sites of each site's monthly median; null when no site was measured. */
  readonly lcpMs: number | null;
  readonly ttfbMs: number | null;
  readonly sites: number;
  readonly degraded: readonly ChangeRef[];
  readonly improved: readonly ChangeRef[];
}

export const GRADE_LETTERS = ['A', 'B', 'C', 'D', 'F'] as const;

/** `YYYY-MM` of every month from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** The months a trend covers: from the first month any monitor has data for to the month of `now`. */
export function trendMonths(monitors: readonly TrendMonitor[], now: string): string[] {
  const first = monitors.flatMap((monitor) => monitor.monthly.slice(0, 1).map((month) => month.period)).sort()[0];
  return first === undefined ? [] : monthRange(first, now);
}

/** Per technology, its users and moves in each of `months`. */
export function adoptionByMonth(monitors: readonly TrendMonitor[], changes: readonly Change[], months: readonly string[]): Map<string, TechnologyMonth[]> {
  const users = new Map<string, number[]>();
  for (const monitor of monitors) {
    const byMonth = new Map(monitor.monthly.map((summary) => [summary.period, summary.technologies]));
    let carried: readonly string[] = [];
    months.forEach((month, index) => {
      carried = byMonth.get(month) ?? carried;
      for (const name of carried) {
        const counts = users.get(name) ?? new Array<number>(months.length).fill(0);
        counts[index] = (counts[index] ?? 0) + 1;
        users.set(name, counts);
      }
    });
  }
  const moves = new Map<string, TechnologyMoveRef[]>();
  for (const move of changes.flatMap(technologyMove)) moves.set(move.technology, [...(moves.get(move.technology) ?? []), move]);
  const result = new Map<string, TechnologyMonth[]>();
  for (const name of [...new Set([...users.keys(), ...moves.keys()])].sort()) {
    const techMoves = moves.get(name) ?? [];
    result.set(
      name,
      months.map((month, index) => {
        const inMonth = techMoves.filter((move) => move.detectedAt.startsWith(month)).sort(byTime);
        return {
          month,
          users: users.get(name)?.[index] ?? 0,
          added: inMonth.filter((move) => move.type === 'technology_added'),
          removed: inMonth.filter((move) => move.type === 'technology_removed'),
          upgraded: inMonth.filter((move) => move.type === 'technology_version_changed'),
        };
      }),
    );
  }
  return result;
}

export function gradesByMonth(monitors: readonly TrendMonitor[], changes: readonly Change[], months: readonly string[]): GradeMonth[] {
  const gradeChanges = changes.flatMap((change) => (change.type === 'security_grade_changed' ? [change] : [])).sort(byTime);
  return months.map((month) => {
    const letters: Record<string, number> = Object.fromEntries(GRADE_LETTERS.map((letter) => [letter, 0]));
    for (const monitor of monitors) {
      const grade = monitor.monthly.find((summary) => summary.period === month)?.grade;
      if (grade) letters[grade.charAt(0)] = (letters[grade.charAt(0)] ?? 0) + 1;
    }
    const inMonth = gradeChanges.filter((change) => change.detectedAt.startsWith(month));
    return {
      month,
      letters,
      improved: inMonth.filter((change) => change.data.score > change.data.previousScore).map(changeRef),
      dropped: inMonth.filter((change) => change.data.score <= change.data.previousScore).map(changeRef),
    };
  });
}

export function performanceByMonth(monitors: readonly TrendMonitor[], changes: readonly Change[], months: readonly string[]): PerformanceMonth[] {
  return months.map((month) => {
    const summaries = monitors.flatMap((monitor) => monitor.monthly.filter((summary) => summary.period === month));
    const inMonth = changes.filter((change) => change.detectedAt.startsWith(month)).sort(byTime);
    return {
      month,
      lcpMs: median(summaries.flatMap((summary) => (summary.medians.lcpMs === null ? [] : [summary.medians.lcpMs]))),
      ttfbMs: median(summaries.flatMap((summary) => (summary.medians.ttfbMs === null ? [] : [summary.medians.ttfbMs]))),
      sites: summaries.filter((summary) => summary.medians.lcpMs !== null).length,
      degraded: inMonth.filter((change) => change.type === 'performance_degraded').map(changeRef),
      improved: inMonth.filter((change) => change.type === 'performance_improved').map(changeRef),
    };
  });
}

function byTime(a: { detectedAt: string; id: string }, b: { detectedAt: string; id: string }): number {
  return a.detectedAt.localeCompare(b.detectedAt) || a.id.localeCompare(b.id);
}
