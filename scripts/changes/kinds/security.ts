import { z } from 'zod';
import { GRADES, type ScanResult } from '../../schema/scan.ts';
import { describePolicyChange, normaliseHeader, SECURITY_HEADERS } from '../headers.ts';
import { comparableScans } from '../scans.ts';
import { settledTransition } from '../settle.ts';
import { oneLine } from '../../shared/wording.ts';
import { defineFamily, defineKind, type DetectionContext, type Finding } from './kind.ts';

/**
 * Security headers added, removed or changed, and the security grade. Header values are
 * compared in canonical form (scripts/changes/headers.ts), so a fresh nonce or a reordered
 * policy is no change. Both follow the settle rule: a new header or value holds for
 * `confirmScans` scans, a removal for `removalAfterScans`; a grade holds for `confirmScans`,
 * since cookies set on some responses and not others move it back and forth, and is compared
 * only with grades of the same Observatory algorithm.
 */

const ABSENT = '\u0000absent';
/** Record values stay short: a CSP can run to kilobytes. */
const MAX_VALUE_CHARS = 1000;
const MAX_SUMMARY_DETAIL_CHARS = 120;

const headerData = z.object({ header: z.string(), value: z.string().nullable(), previousValue: z.string().nullable() });
type HeaderData = z.infer<typeof headerData>;

const headerDetails = (data: HeaderData) => [
  { label: 'Header', value: data.header },
  { label: 'Before', value: data.previousValue ?? '(absent)' },
  { label: 'After', value: data.value ?? '(absent)' },
];

export const securityHeaderAdded = defineKind({
  type: 'security_header_added',
  label: 'Security header added',
  data: headerData,
  subject: (data) => data.header,
  severity: [{ severity: 'low', when: 'always' }],
  details: headerDetails,
});

export const securityHeaderRemoved = defineKind({
  type: 'security_header_removed',
  label: 'Security header removed',
  data: headerData,
  subject: (data) => data.header,
  severity: [{ severity: 'high', when: 'always' }],
  details: headerDetails,
});

export const securityHeaderChanged = defineKind({
  type: 'security_header_changed',
  label: 'Security header changed',
  data: headerData,
  subject: (data) => data.header,
  severity: [{ severity: 'low', when: 'always (a weaker policy also moves the grade)' }],
  details: headerDetails,
});

const gradeData = z.object({ grade: z.string(), previousGrade: z.string(), score: z.number(), previousScore: z.number() });

/** Steps on the A+ … F scale between two grades: negative for a drop. */
export function gradeSteps(previous: string, next: string): number {
  return gradeIndex(previous) - gradeIndex(next);
}

function gradeIndex(grade: string): number {
  return GRADES.findIndex((candidate) => candidate === grade);
}

export const securityGradeChanged = defineKind({
  type: 'security_grade_changed',
  label: 'Security grade changed',
  data: gradeData,
  subject: () => 'grade',
  topic: () => 'security_grade_changed',
  severity: [
    { severity: 'high', when: 'a drop of two or more steps (B → C+)', applies: (data) => gradeSteps(data.previousGrade, data.grade) <= -2 },
    { severity: 'medium', when: 'a drop of one step', applies: (data) => gradeSteps(data.previousGrade, data.grade) < 0 },
    { severity: 'low', when: 'an improvement' },
  ],
  details: (data) => [
    { label: 'Grade', value: `${data.previousGrade} → ${data.grade}` },
    { label: 'Score', value: `${data.previousScore} → ${data.score}` },
  ],
});

export const security = defineFamily({
  name: 'security',
  kinds: [securityHeaderAdded, securityHeaderRemoved, securityHeaderChanged, securityGradeChanged],
  detect: securityChanges,
});

function securityChanges({ monitor, earlier, scan }: DetectionContext): Finding[] {
  if (!monitor.scan.track.security || !scan.security) return [];
  const series = [...comparableScans(earlier, scan, { fingerprints: false }), scan].filter((entry) => entry.security !== null);
  if (series.length < 2) return [];
  // A grade compares only with grades of the same scoring algorithm: a new one re-baselines.
  const graded = [
    ...comparableScans(earlier, scan, { fingerprints: false, also: (entry) => entry.security?.algorithm === scan.security?.algorithm }),
    scan,
  ].filter((entry) => entry.security !== null);
  return [...headerChanges(series, monitor.changes), ...gradeChange(graded, monitor.changes)];
}

interface Rules {
  readonly confirmScans: number;
  readonly removalAfterScans: number;
  readonly recentScans: number;
}

function headerChanges(series: readonly ScanResult[], rules: Rules): Finding[] {
  const findings: Finding[] = [];
  for (const [name, display] of Object.entries(SECURITY_HEADERS)) {
    const transition = settledTransition(
      series,
      (entry) => {
        const value = headerValue(entry, name);
        return value === null ? ABSENT : normaliseHeader(name, value);
      },
      { confirmations: (_from, to) => (to === ABSENT ? rules.removalAfterScans : rules.confirmScans), recent: rules.recentScans },
    );
    if (!transition) continue;
    const previousValue = headerValue(transition.from, name);
    const value = headerValue(transition.to, name);
    const body = { fromScan: transition.from.id, data: { header: name, value: bounded(value), previousValue: bounded(previousValue) } };
    if (previousValue === null) findings.push(securityHeaderAdded.finding({ ...body, summary: `${display} header added` }));
    else if (value === null) findings.push(securityHeaderRemoved.finding({ ...body, summary: `${display} header removed` }));
    else findings.push(securityHeaderChanged.finding({ ...body, summary: `${display} changed: ${changeDetail(name, previousValue, value)}` }));
  }
  return findings;
}

function gradeChange(series: readonly ScanResult[], rules: Rules): Finding[] {
  const transition = settledTransition(series, (entry) => entry.security?.grade ?? '', { confirmations: () => rules.confirmScans, recent: rules.recentScans });
  const before = transition?.from.security;
  const after = transition?.to.security;
  if (!transition || !before || !after) return [];
  return [
    securityGradeChanged.finding({
      fromScan: transition.from.id,
      summary: `Security grade ${before.grade} → ${after.grade}`,
      data: { grade: after.grade, previousGrade: before.grade, score: after.score, previousScore: before.score },
    }),
  ];
}

/** Header names are lowercase in scan records; a record written otherwise still matches. */
function headerValue(scan: ScanResult, name: string): string | null {
  const headers = scan.security?.headers ?? {};
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? null : (headers[key] ?? null);
}

function changeDetail(name: string, previous: string, next: string): string {
  if (name.startsWith('content-security-policy')) {
    const parts = describePolicyChange(previous, next);
    if (parts.length > 0) return oneLine(parts.join('; '), MAX_SUMMARY_DETAIL_CHARS);
  }
  const half = MAX_SUMMARY_DETAIL_CHARS / 2;
  return `${oneLine(previous, half)} → ${oneLine(next, half)}`;
}

function bounded(value: string | null): string | null {
  return value === null ? null : oneLine(value, MAX_VALUE_CHARS);
}
