import { describe, expect, it } from 'vitest';
import { ALGORITHM_VERSION, gradeFor, OBSERVATORY_TESTS, scoreOf, securityReport } from '../../../scripts/scan/security/observatory.ts';
import { RESULTS } from '../../../scripts/scan/security/results.ts';

/** The grader (src/grader/grader.js, src/scanner/index.js; test/grader.test.js). */

describe('the grade chart', () => {
  it.each([
    [145, 'A+'],
    [100, 'A+'],
    [99, 'A'],
    [95, 'A'],
    [90, 'A'],
    [89, 'A-'],
    [85, 'A-'],
    [84, 'B+'],
    [80, 'B+'],
    [79, 'B'],
    [70, 'B'],
    [69, 'B-'],
    [65, 'B-'],
    [60, 'C+'],
    [55, 'C'],
    [50, 'C'],
    [45, 'C-'],
    [40, 'D+'],
    [35, 'D'],
    [30, 'D'],
    [25, 'D-'],
    [24, 'F'],
    [0, 'F'],
    [-10, 'F'],
  ] as const)('%i → %s', (score, grade) => {
    expect(gradeFor(score)).toBe(grade);
  });
});

describe('the score', () => {
  it.each([
    ['no modifiers', [], 100],
    ['bonuses on top of 100', [10, 5, 5], 120],
    ['penalties to exactly 90 keep the bonuses', [-10, 10, 5], 105],
    ['penalties below 90 drop them', [-15, 10, 5], 85],
    ['bonuses never lift a score back over 90', [-20, 50], 80],
    ['never below 0', [-50, -40, -25, -20], 0],
  ])('%s', (_name, modifiers, score) => {
    expect(scoreOf(modifiers)).toBe(score);
  });
});

describe('the report', () => {
  const report = securityReport({
    siteHost: 'shop.example',
    https: true,
    headers: [
      ['Content-Type', 'text/html'],
      ['X-Frame-Options', 'DENY'],
      ['X-Frame-Options', 'DENY'],
      ['Server', 'nginx'],
      ['Set-Cookie', 'a=1'],
    ],
    body: '',
    cookies: [],
    httpRoute: null,
    preflight: null,
  });

  it('has one finding per Observatory test, in its order, each with its result’s modifier and pass', () => {
    expect(report.algorithm).toBe(ALGORITHM_VERSION);
    expect(ALGORITHM_VERSION).toBe(6);
    expect(report.findings.map((finding) => finding.test)).toEqual(Object.keys(OBSERVATORY_TESTS));
    expect(report.findings).toHaveLength(12);
    for (const finding of report.findings) {
      const spec = Object.entries(RESULTS).find(([id]) => id === finding.result)?.[1];
      expect(finding).toMatchObject({ scoreModifier: spec?.modifier, pass: spec?.pass, description: spec?.description });
    }
  });

  it('records the graded headers as the Observatory reads them, repeated lines merged', () => {
    expect(report.headers).toEqual({ 'x-frame-options': 'DENY, DENY' });
  });

  it('every result has a modifier the Observatory gives it', () => {
    // Spot checks against src/grader/charts.js SCORE_TABLE; the profiles check the rest.
    expect(RESULTS['x-frame-options-sameorigin-or-deny'].modifier).toBe(5);
    expect(RESULTS['corp-implemented-with-same-site'].modifier).toBe(10);
    expect(RESULTS['coop-header-invalid'].modifier).toBe(-5);
    expect(RESULTS['hsts-preloaded'].modifier).toBe(5);
    expect(RESULTS['cross-origin-resource-sharing-implemented-with-universal-access'].modifier).toBe(-50);
  });
});
