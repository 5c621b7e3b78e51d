import type { ScanResult } from '../schema/scan.ts';
import type { DetectionContext, Finding } from './finding.ts';
import { describePolicyChange, normaliseHeader, SECURITY_HEADERS } from './headers.ts';
import { comparableScans } from './scans.ts';
import { settledTransition } from './settle.ts';
import { oneLine } from './wording.ts';

/**
 * Security headers added, removed or changed, and the security grade. Header values are
 * compared in canonical form (scripts/changes/headers.ts). Like a technology, a header is
 * reported removed only after `removalAfterScans` scans without it (and the first that many
 * scans are the baseline); a grade must hold for
 * `confirmScans` scans, since cookies set on some responses and not others move it back and
 * forth.
 */

const ABSENT = '\u0000absent';
/** Record values stay short: a CSP can run to kilobytes. */
const MAX_VALUE_CHARS = 1000;
const MAX_SUMMARY_DETAIL_CHARS = 120;

export function securityChanges(context: DetectionContext): Finding[] {
  const { monitor, earlier, scan } = context;
  if (!monitor.scan.track.security || !scan.security) return [];
  const series = [...comparableScans(earlier, scan, { fingerprints: false }), scan].filter((entry) => entry.security !== null);
  if (series.length < 2) return [];
  return [...headerChanges(series, monitor.changes.removalAfterScans), ...gradeChanges(series, monitor.changes.confirmScans)];
}

function headerChanges(series: readonly ScanResult[], removalAfter: number): Finding[] {
  const findings: Finding[] = [];
  for (const [name, display] of Object.entries(SECURITY_HEADERS)) {
    const transition = settledTransition(
      series,
      (entry) => {
        const value = headerValue(entry, name);
        return value === null ? ABSENT : normaliseHeader(name, value);
      },
      (_from, to) => (to === ABSENT ? removalAfter : 1),
      // As for technologies: a header seen in any of the first scans is part of the baseline.
      { entries: removalAfter, settle: (keys) => keys.findLast((key) => key !== ABSENT) ?? ABSENT },
    );
    if (!transition) continue;
    const previousValue = headerValue(transition.from, name);
    const value = headerValue(transition.to, name);
    const data = { header: name, value: bounded(value), previousValue: bounded(previousValue) };
    const fromScan = transition.from.id;
    if (previousValue === null) {
      findings.push({ subject: name, body: { type: 'security_header_added', fromScan, summary: `${display} header added`, data } });
    } else if (value === null) {
      findings.push({ subject: name, body: { type: 'security_header_removed', fromScan, summary: `${display} header removed`, data } });
    } else {
      const summary = `${display} changed: ${changeDetail(name, previousValue, value)}`;
      findings.push({ subject: name, body: { type: 'security_header_changed', fromScan, summary, data } });
    }
  }
  return findings;
}

function gradeChanges(series: readonly ScanResult[], confirmScans: number): Finding[] {
  const transition = settledTransition(series, (entry) => entry.security?.grade ?? '', () => confirmScans);
  const before = transition?.from.security;
  const after = transition?.to.security;
  if (!transition || !before || !after) return [];
  return [
    {
      subject: 'grade',
      body: {
        type: 'security_grade_changed',
        fromScan: transition.from.id,
        summary: `Security grade ${before.grade} → ${after.grade}`,
        data: { grade: after.grade, previousGrade: before.grade, score: after.score, previousScore: before.score },
      },
    },
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
