import type { Grade, Security, SecurityFinding } from '../../schema/scan.ts';
import { LIMITS } from '../limits.ts';
import { evidenceOf, type Evidence, type ObservatoryInput } from './evidence.ts';
import { RESULTS, type ResultId } from './results.ts';
import { contentSecurityPolicyTest } from './tests/content-security-policy.ts';
import { cookiesTest } from './tests/cookies.ts';
import { crossOriginEmbedderPolicyTest } from './tests/cross-origin-embedder-policy.ts';
import { crossOriginOpenerPolicyTest } from './tests/cross-origin-opener-policy.ts';
import { crossOriginResourcePolicyTest } from './tests/cross-origin-resource-policy.ts';
import { crossOriginResourceSharingTest } from './tests/cross-origin-resource-sharing.ts';
import { redirectionTest } from './tests/redirection.ts';
import { referrerPolicyTest } from './tests/referrer-policy.ts';
import { strictTransportSecurityTest } from './tests/strict-transport-security.ts';
import { subresourceIntegrityTest } from './tests/subresource-integrity.ts';
import { xContentTypeOptionsTest } from './tests/x-content-type-options.ts';
import { xFrameOptionsTest } from './tests/x-frame-options.ts';

/**
 * The security grade as the MDN HTTP Observatory gives it, algorithm 6 (mdn-http-observatory
 * main, August 2026: src/constants.js `ALGORITHM_VERSION`, src/scanner/index.js `analyzeScan`,
 * src/grader/grader.js): twelve tests, each with one result and its score modifier. The score
 * starts at 100 and takes every penalty; the bonuses count only while that is at least 90; the
 * score is never below 0; the grade is read from the score rounded down to a multiple of 5,
 * and 100 or more is A+. Pure.
 */

export type { ObservatoryInput } from './evidence.ts';

export const ALGORITHM_VERSION = 6;

/** The tests by the Observatory's names, in its order (src/constants.js `ALL_TESTS`). */
export const OBSERVATORY_TESTS = {
  'content-security-policy': contentSecurityPolicyTest,
  cookies: cookiesTest,
  'cross-origin-embedder-policy': crossOriginEmbedderPolicyTest,
  'cross-origin-opener-policy': crossOriginOpenerPolicyTest,
  'cross-origin-resource-sharing': (evidence: Evidence) => crossOriginResourceSharingTest(evidence),
  redirection: redirectionTest,
  'referrer-policy': referrerPolicyTest,
  'strict-transport-security': strictTransportSecurityTest,
  'subresource-integrity': subresourceIntegrityTest,
  'x-content-type-options': xContentTypeOptionsTest,
  'x-frame-options': xFrameOptionsTest,
  'cross-origin-resource-policy': crossOriginResourcePolicyTest,
} as const satisfies Record<string, (evidence: Evidence) => ResultId>;

export type ObservatoryTestName = keyof typeof OBSERVATORY_TESTS;

/** Response headers recorded with the grade (merged as the Observatory reads them, bounded). */
export const SECURITY_HEADERS = [
  'content-security-policy',
  'content-security-policy-report-only',
  'strict-transport-security',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
  'access-control-allow-origin',
] as const;

/** src/grader/charts.js GRADE_CHART, by the lowest score of each grade. */
const GRADE_CHART: readonly (readonly [number, Grade])[] = [
  [100, 'A+'],
  [90, 'A'],
  [85, 'A-'],
  [80, 'B+'],
  [70, 'B'],
  [65, 'B-'],
  [60, 'C+'],
  [50, 'C'],
  [45, 'C-'],
  [40, 'D+'],
  [30, 'D'],
  [25, 'D-'],
  [0, 'F'],
];
const BASELINE = 100;
/** src/grader/charts.js MINIMUM_SCORE_FOR_EXTRA_CREDIT. */
const MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90;

export function gradeFor(score: number): Grade {
  const floored = Math.max(0, score);
  const key = Math.min(BASELINE, floored - (floored % 5));
  return GRADE_CHART.find(([lowest]) => key >= lowest)?.[1] ?? 'F';
}

/** The score from the findings' modifiers: penalties always, bonuses only from 90 up, never below 0. */
export function scoreOf(modifiers: readonly number[]): number {
  const penalties = modifiers.filter((modifier) => modifier < 0).reduce((sum, modifier) => sum + modifier, 0);
  const all = modifiers.reduce((sum, modifier) => sum + modifier, 0);
  const uncurved = BASELINE + penalties;
  return Math.max(0, uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? BASELINE + all : uncurved);
}

export function securityReport(input: ObservatoryInput): Security {
  const evidence = evidenceOf(input);
  const findings: SecurityFinding[] = Object.entries(OBSERVATORY_TESTS).map(([test, run]) => {
    const result: ResultId = run(evidence);
    const spec = RESULTS[result];
    return { test, pass: spec.pass, result, scoreModifier: spec.modifier, description: spec.description };
  });
  const score = scoreOf(findings.map((finding) => finding.scoreModifier));
  return { algorithm: ALGORITHM_VERSION, headers: recordedHeaders(evidence), score, grade: gradeFor(score), findings };
}

function recordedHeaders(evidence: Evidence): Record<string, string> {
  const recorded: Record<string, string> = {};
  for (const name of SECURITY_HEADERS) {
    const value = evidence.headers.get(name);
    if (typeof value === 'string') recorded[name] = value.slice(0, LIMITS.maxHeaderChars);
  }
  return recorded;
}
