import { describe, expect, it } from 'vitest';
import { CHANGE_FAMILIES, CHANGE_KINDS, kindOf, viewOf } from '../../../scripts/changes/kinds/index.ts';
import { SEVERITY_TABLE, severityOf, severityTableMarkdown } from '../../../scripts/changes/severity.ts';
import { versionBump } from '../../../scripts/changes/versions.ts';
import { changeSchema } from '../../../scripts/schema/change.ts';
import { CHANGE_TYPES } from '../../../scripts/schema/change-types.ts';
import type { Severity } from '../../../scripts/schema/common.ts';

const tech = (categories: string[], version: string | null = null, previousVersion: string | null = null) => ({
  technology: 'X',
  version,
  previousVersion,
  confidence: 100,
  categories,
});
const perf = (changePercent: number) => ({ metric: 'lcpMs', value: 1, baseline: 1, changePercent, thresholdPercent: 20, baselineScans: 5 });
const grade = (previousGrade: string, next: string) => ({ grade: next, previousGrade, score: 0, previousScore: 0 });
const infra = (field: string) => ({ field, value: 'b', previousValue: 'a' });
const redirect = (finalUrl: string) => ({ redirects: [], previousRedirects: [], finalUrl, previousFinalUrl: 'https://a.example/' });
const text = (field: string, changedPercent: number) => ({ field, changedPercent, before: 'a', after: 'b' });
const certificate = (daysLeft: number) => ({ validTo: '2026-12-01T00:00:00.000Z', daysLeft, issuer: null });

/** One case per row of the severity table, in its order: the test below proves none is missing. */
const CASES: readonly [string, string, unknown, Severity][] = [
  ['a new CMS', 'technology_added', tech(['CMS', 'Blogs']), 'high'],
  ['a new analytics tool', 'technology_added', tech(['Analytics']), 'medium'],
  ['a removed framework', 'technology_removed', { ...tech(['JavaScript frameworks']), absentScans: 2 }, 'high'],
  ['a removed widget', 'technology_removed', { ...tech(['Widgets']), absentScans: 2 }, 'medium'],
  ['a major upgrade', 'technology_version_changed', tech(['JavaScript frameworks'], '19.0.0', '18.2.0'), 'medium'],
  ['a minor upgrade', 'technology_version_changed', tech(['JavaScript frameworks'], '18.3.0', '18.2.0'), 'low'],
  ['twice as slow', 'performance_degraded', perf(104), 'high'],
  ['half as slow again', 'performance_degraded', perf(55), 'medium'],
  ['a little slower', 'performance_degraded', perf(25), 'low'],
  ['much faster', 'performance_improved', perf(-60), 'medium'],
  ['a little faster', 'performance_improved', perf(-25), 'low'],
  ['a header added', 'security_header_added', { header: 'x-frame-options', value: 'DENY', previousValue: null }, 'low'],
  ['a header removed', 'security_header_removed', { header: 'x-frame-options', value: null, previousValue: 'DENY' }, 'high'],
  ['a header changed', 'security_header_changed', { header: 'x-frame-options', value: 'SAMEORIGIN', previousValue: 'DENY' }, 'low'],
  ['a grade drop of two steps', 'security_grade_changed', grade('B', 'C+'), 'high'],
  ['a grade drop of one step', 'security_grade_changed', grade('A', 'A-'), 'medium'],
  ['a better grade', 'security_grade_changed', grade('C', 'A'), 'low'],
  ['a new CDN', 'infrastructure_changed', infra('cdn'), 'medium'],
  ['a new IP', 'infrastructure_changed', infra('ip'), 'low'],
  ['a certificate expiring tomorrow', 'certificate_expiring', certificate(1), 'high'],
  ['a certificate expiring in ten days', 'certificate_expiring', certificate(10), 'medium'],
  ['a redirect to another host', 'redirect_changed', redirect('https://b.example/'), 'medium'],
  ['another chain to the same host', 'redirect_changed', redirect('https://a.example/other'), 'low'],
  ['a new title', 'content_changed', text('title', 40), 'medium'],
  ['most of the text rewritten', 'content_changed', text('text', 45), 'medium'],
  ['a paragraph edited', 'content_changed', text('text', 8), 'low'],
  ['the site down', 'site_down', { failures: 2, since: '2026-11-01T00:00:00.000Z', error: { kind: 'dns', message: 'x' } }, 'high'],
  ['the site back', 'site_recovered', { downSince: '2026-11-01T00:00:00.000Z', failures: 2 }, 'medium'],
];

describe('the registry of change kinds', () => {
  it('lists every change type once, in the order of its families', () => {
    expect(CHANGE_TYPES).toEqual(CHANGE_FAMILIES.flatMap((family) => family.kinds.map((kind) => kind.type)));
    expect(new Set(CHANGE_TYPES).size).toBe(CHANGE_TYPES.length);
  });

  it.each(CHANGE_KINDS.map((kind) => [kind.type, kind] as const))('%s has every part', (type, kind) => {
    const sample = CASES.find(([, caseType]) => caseType === type);
    expect(sample, `a sample of ${type} in CASES`).toBeDefined();
    const view = kind.view(sample?.[2]);
    expect(kind.label).toMatch(/^[A-Z]/);
    expect(view.subject).not.toBe('');
    expect(view.topic).not.toBe('');
    expect(view.details.length).toBeGreaterThan(0);
    expect(kind.rules.at(-1)?.unconditional).toBe(true);
    expect(kind.rules.slice(0, -1).every((rule) => !rule.unconditional)).toBe(true);
    const record = {
      schemaVersion: 1,
      id: 'c1',
      monitor: 'acme/x',
      severity: view.severity,
      detectedAt: '2026-11-28T12:00:00.000Z',
      fromScan: null,
      toScan: 's1',
      summary: 'x',
      subject: view.subject,
      type,
      data: sample?.[2],
    };
    expect(changeSchema.parse(record).type).toBe(type);
  });

  it('refuses data that does not match its kind', () => {
    expect(() => kindOf('site_down').view({ failures: 'two' })).toThrow();
    expect(() => kindOf('no_such_type')).toThrow('no change kind is registered for type "no_such_type"');
  });
});

describe('the severity table', () => {
  it.each(CASES)('%s (%s) is %s', (_case, type, data, severity) => {
    expect(severityOf({ type, data })).toBe(severity);
  });

  it('has a case for every row', () => {
    const decided = CASES.map(([, type, data]) => `${type}#${viewOf({ type, data }).rule}`);
    const rows = CHANGE_KINDS.flatMap((kind) => kind.rules.map((_rule, index) => `${kind.type}#${index}`));
    expect([...decided].sort()).toEqual([...rows].sort());
    expect(rows).toHaveLength(SEVERITY_TABLE.length);
  });

  it('lets a monitor override the severity of a type', () => {
    const added = { type: 'technology_added', data: tech(['CMS']) };
    expect(severityOf(added, { technology_added: 'low' })).toBe('low');
    expect(severityOf(added, { technology_removed: 'low' })).toBe('high');
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
