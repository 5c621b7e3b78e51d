import { describe, expect, it } from 'vitest';
import type { ChangeBody } from '../../scripts/changes/finding.ts';
import { SEVERITY_TABLE, severityOf, severityTableMarkdown } from '../../scripts/changes/severity.ts';
import { versionBump } from '../../scripts/changes/versions.ts';
import type { ChangeOf } from '../../scripts/schema/change.ts';
import { CHANGE_TYPES } from '../../scripts/schema/change-types.ts';
import type { Severity } from '../../scripts/schema/common.ts';

const tech = (categories: string[], version: string | null = null, previousVersion: string | null = null) => ({
  technology: 'X',
  version,
  previousVersion,
  confidence: 100,
  categories,
});
const perf = (changePercent: number) => ({ metric: 'lcpMs', value: 1, baseline: 1, changePercent, thresholdPercent: 20, baselineScans: 5 }) satisfies PerformanceData;
const grade = (previousGrade: string, grade: string) => ({ grade, previousGrade, score: 0, previousScore: 0 });
const EMPTY = { summary: '', fromScan: null };
type PerformanceData = ChangeOf<'performance_degraded'>['data'];

describe('the severity table', () => {
  it.each(CHANGE_TYPES)('ends %s with an unconditional row', (type) => {
    const rows = SEVERITY_TABLE.filter((row) => row.type === type);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.at(-1)?.applies({ coreTechnology: false, versionBump: null, changePercent: 0, gradeSteps: 0, field: null, finalHostChanged: false, daysLeft: 99 })).toBe(true);
  });

  const cases: [string, ChangeBody, Severity][] = [
    ['a new CMS', { ...EMPTY, type: 'technology_added', data: tech(['CMS', 'Blogs']) }, 'high'],
    ['a new analytics tool', { ...EMPTY, type: 'technology_added', data: tech(['Analytics']) }, 'medium'],
    ['a removed framework', { ...EMPTY, type: 'technology_removed', data: { ...tech(['JavaScript frameworks']), absentScans: 2 } }, 'high'],
    ['a major upgrade', { ...EMPTY, type: 'technology_version_changed', data: tech(['JavaScript frameworks'], '19.0.0', '18.2.0') }, 'medium'],
    ['a minor upgrade', { ...EMPTY, type: 'technology_version_changed', data: tech(['JavaScript frameworks'], '18.3.0', '18.2.0') }, 'low'],
    ['twice as slow', { ...EMPTY, type: 'performance_degraded', data: perf(104) }, 'high'],
    ['half as slow again', { ...EMPTY, type: 'performance_degraded', data: perf(55) }, 'medium'],
    ['a little slower', { ...EMPTY, type: 'performance_degraded', data: perf(25) }, 'low'],
    ['much faster', { ...EMPTY, type: 'performance_improved', data: perf(-60) }, 'medium'],
    ['a grade drop of two steps', { ...EMPTY, type: 'security_grade_changed', data: grade('B', 'C+') }, 'high'],
    ['a grade drop of one step', { ...EMPTY, type: 'security_grade_changed', data: grade('A', 'A-') }, 'medium'],
    ['a better grade', { ...EMPTY, type: 'security_grade_changed', data: grade('C', 'A') }, 'low'],
    ['a new CDN', { ...EMPTY, type: 'infrastructure_changed', data: { field: 'cdn', value: 'Fastly', previousValue: null } }, 'medium'],
    ['a new IP', { ...EMPTY, type: 'infrastructure_changed', data: { field: 'ip', value: '1.1.1.1', previousValue: '2.2.2.2' } }, 'low'],
    ['a certificate expiring tomorrow', { ...EMPTY, type: 'certificate_expiring', data: { validTo: '2026-11-02T00:00:00.000Z', daysLeft: 1, issuer: null } }, 'high'],
    ['the site down', { ...EMPTY, type: 'site_down', data: { failures: 2, since: '2026-11-01T00:00:00.000Z', error: { kind: 'dns', message: 'x' } } }, 'high'],
  ];
  it.each(cases)('%s is %s', (_case, change, severity) => {
    expect(severityOf(change)).toBe(severity);
  });

  it('lets a monitor override the severity of a type', () => {
    const change: ChangeBody = { ...EMPTY, type: 'technology_added', data: tech(['CMS']) };
    expect(severityOf(change, { technology_added: 'low' })).toBe('low');
    expect(severityOf(change, { technology_removed: 'low' })).toBe('high');
  });

  it('renders as a Markdown table for the README, one type per group', () => {
    const markdown = severityTableMarkdown();
    expect(markdown.split('\n').slice(0, 4)).toEqual([
      '| change | when | severity |',
      '|---|---|---|',
      '| `technology_added` | a framework, CMS or e-commerce platform | high |',
      '|  | any other technology | medium |',
    ]);
    expect(markdown.split('\n')).toHaveLength(SEVERITY_TABLE.length + 2);
  });
});

describe('versionBump', () => {
  it.each([
    ['18.2.0', '19.0.0', 'major'],
    ['18.2.0', '18.3.1', 'minor'],
    ['3.7', '3.7.1', 'patch'],
    ['v2.0', '2.1', 'minor'],
    ['08.1', '8.1.2', 'patch'],
    ['GA4', 'GA5', null],
    [null, '1.0.0', null],
  ])('%s → %s is %s', (from, to, expected) => {
    expect(versionBump(from, to)).toBe(expected);
  });
});
