import { describe, expect, it } from 'vitest';
import { findingChanges, sameAlgorithm } from '../../../scripts/scan/security/compare.ts';
import type { Security } from '../../../scripts/schema/scan.ts';

const finding = (test: string, result: string, scoreModifier = 0) => ({ test, result, scoreModifier, pass: scoreModifier >= 0, description: '' });
const report = (algorithm: number | undefined, findings: Security['findings']): Security => ({
  ...(algorithm === undefined ? {} : { algorithm }),
  headers: {},
  score: 0,
  grade: 'F',
  findings,
});

describe('security reports compared', () => {
  it('compares grades of one algorithm only', () => {
    expect(sameAlgorithm(report(6, []), report(6, []))).toBe(true);
    expect(sameAlgorithm(report(undefined, []), report(6, []))).toBe(false);
    expect(sameAlgorithm(report(undefined, []), report(undefined, []))).toBe(true);
  });

  it('names the tests that moved, by the Observatory’s result names', () => {
    const before = report(6, [
      finding('x-frame-options', 'x-frame-options-sameorigin-or-deny', 5),
      finding('cookies', 'cookies-not-found'),
      finding('legacy-test', 'legacy-result'),
    ]);
    const after = report(6, [
      finding('x-frame-options', 'x-frame-options-not-implemented', -20),
      finding('cookies', 'cookies-not-found'),
      finding('cross-origin-opener-policy', 'coop-implemented-with-same-origin', 10),
    ]);
    expect(findingChanges(before, after)).toEqual([
      {
        test: 'x-frame-options',
        previousResult: 'x-frame-options-sameorigin-or-deny',
        result: 'x-frame-options-not-implemented',
        previousScoreModifier: 5,
        scoreModifier: -20,
      },
      { test: 'cross-origin-opener-policy', previousResult: null, result: 'coop-implemented-with-same-origin', previousScoreModifier: 0, scoreModifier: 10 },
      { test: 'legacy-test', previousResult: 'legacy-result', result: null, previousScoreModifier: 0, scoreModifier: 0 },
    ]);
  });
});
