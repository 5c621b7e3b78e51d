import type { Security } from '../../schema/scan.ts';

/**
 * Two security reports side by side, for change detection: whether their grades mean the same
 * thing, and which tests moved, by the Observatory's test and result names. Pure.
 */

export interface FindingChange {
  readonly test: string;
  /** Null when the earlier report had no such test (an older algorithm). */
  readonly previousResult: string | null;
  /** Null when the later report has no such test. */
  readonly result: string | null;
  readonly previousScoreModifier: number;
  readonly scoreModifier: number;
}

/**
 * Grades are comparable only when one algorithm gave both: a record without `algorithm` was
 * graded before it was recorded (an earlier algorithm, without COOP, COEP, CORS and CORP).
 */
export function sameAlgorithm(previous: Security, next: Security): boolean {
  return (previous.algorithm ?? null) === (next.algorithm ?? null);
}

/** The tests whose result differs, in the later report's order, then tests only the earlier had. */
export function findingChanges(previous: Security, next: Security): FindingChange[] {
  const before = new Map(previous.findings.map((finding) => [finding.test, finding]));
  const after = new Map(next.findings.map((finding) => [finding.test, finding]));
  const tests = [...after.keys(), ...[...before.keys()].filter((test) => !after.has(test))];
  return tests.flatMap((test) => {
    const earlier = before.get(test);
    const later = after.get(test);
    if (earlier?.result === later?.result) return [];
    return [
      {
        test,
        previousResult: earlier?.result ?? null,
        result: later?.result ?? null,
        previousScoreModifier: earlier?.scoreModifier ?? 0,
        scoreModifier: later?.scoreModifier ?? 0,
      },
    ];
  });
}
