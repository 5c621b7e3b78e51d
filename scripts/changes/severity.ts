import type { ChangeType } from '../schema/change-types.ts';
import type { Severity } from '../schema/common.ts';
import { GRADES } from '../schema/scan.ts';
import type { ChangeBody } from './finding.ts';
import { versionBump, type VersionBump } from './versions.ts';

/**
 * How much a change matters. The table is read top to bottom and the first row of the
 * change's type whose condition holds decides; every type ends with an unconditional row.
 * A monitor's `changes.severity` (or its organization's `_defaults.yaml`) overrides the
 * result per type.
 */

/** Categories of the fingerprint database that define what a site is built on. */
export const CORE_CATEGORIES: readonly string[] = [
  'CMS',
  'Ecommerce',
  'Ecommerce frontends',
  'JavaScript frameworks',
  'Web frameworks',
  'Static site generator',
  'Page builders',
  'Blogs',
];

/** What the table's conditions look at, computed once per change. */
export interface SeverityFacts {
  /** The technology belongs to one of CORE_CATEGORIES. */
  readonly coreTechnology: boolean;
  readonly versionBump: VersionBump | null;
  /** Size of a performance or content change, in percent (always positive). */
  readonly changePercent: number;
  /** Security grade steps on the A+ … F scale: negative for a drop. */
  readonly gradeSteps: number;
  readonly field: string | null;
  readonly finalHostChanged: boolean;
  readonly daysLeft: number;
}

export interface SeverityRule {
  readonly type: ChangeType;
  /** The condition in words, as the README shows it. */
  readonly when: string;
  readonly severity: Severity;
  readonly applies: (facts: SeverityFacts) => boolean;
}

const always = () => true;
const rule = (type: ChangeType, severity: Severity, when: string, applies: (facts: SeverityFacts) => boolean = always): SeverityRule => ({
  type,
  when,
  severity,
  applies,
});

export const SEVERITY_TABLE: readonly SeverityRule[] = [
  rule('technology_added', 'high', 'a framework, CMS or e-commerce platform', (facts) => facts.coreTechnology),
  rule('technology_added', 'medium', 'any other technology'),
  rule('technology_removed', 'high', 'a framework, CMS or e-commerce platform', (facts) => facts.coreTechnology),
  rule('technology_removed', 'medium', 'any other technology'),
  rule('technology_version_changed', 'medium', 'a major version (18.x → 19.x)', (facts) => facts.versionBump === 'major'),
  rule('technology_version_changed', 'low', 'a minor or patch version'),
  rule('performance_degraded', 'high', 'by 100% or more (twice as slow or heavy)', (facts) => facts.changePercent >= 100),
  rule('performance_degraded', 'medium', 'by 50% or more', (facts) => facts.changePercent >= 50),
  rule('performance_degraded', 'low', 'by more than the threshold (default 20%)'),
  rule('performance_improved', 'medium', 'by 50% or more', (facts) => facts.changePercent >= 50),
  rule('performance_improved', 'low', 'by more than the threshold'),
  rule('security_header_added', 'low', 'always'),
  rule('security_header_removed', 'high', 'always'),
  rule('security_header_changed', 'low', 'always (a weaker policy also moves the grade)'),
  rule('security_grade_changed', 'high', 'a drop of two or more steps (B → C+)', (facts) => facts.gradeSteps <= -2),
  rule('security_grade_changed', 'medium', 'a drop of one step', (facts) => facts.gradeSteps < 0),
  rule('security_grade_changed', 'low', 'an improvement'),
  rule('infrastructure_changed', 'medium', 'server software, CDN or hosting', (facts) => ['server', 'cdn', 'hosting'].includes(facts.field ?? '')),
  rule('infrastructure_changed', 'low', 'IP address, TLS issuer, HTTP version'),
  rule('certificate_expiring', 'high', 'expires within 3 days or has expired', (facts) => facts.daysLeft <= 3),
  rule('certificate_expiring', 'medium', 'expires within the warning window (default 14 days)'),
  rule('redirect_changed', 'medium', 'the page now ends on another host', (facts) => facts.finalHostChanged),
  rule('redirect_changed', 'low', 'another chain to the same host'),
  rule('content_changed', 'medium', 'title or canonical URL', (facts) => facts.field === 'title' || facts.field === 'canonical'),
  rule('content_changed', 'medium', 'page text, 30% or more of it', (facts) => facts.field === 'text' && facts.changePercent >= 30),
  rule('content_changed', 'low', 'smaller text, headings or description changes'),
  rule('site_down', 'high', 'always'),
  rule('site_recovered', 'medium', 'always'),
];

export type SeverityOverrides = Partial<Record<ChangeType, Severity>>;

export function severityOf(body: ChangeBody, overrides: SeverityOverrides = {}, table: readonly SeverityRule[] = SEVERITY_TABLE): Severity {
  const override = overrides[body.type];
  if (override !== undefined) return override;
  const facts = factsOf(body);
  const row = table.find((candidate) => candidate.type === body.type && candidate.applies(facts));
  if (!row) throw new Error(`the severity table has no row for ${body.type}`);
  return row.severity;
}

const NO_FACTS: SeverityFacts = {
  coreTechnology: false,
  versionBump: null,
  changePercent: 0,
  gradeSteps: 0,
  field: null,
  finalHostChanged: false,
  daysLeft: Number.POSITIVE_INFINITY,
};

export function factsOf(body: ChangeBody): SeverityFacts {
  switch (body.type) {
    case 'technology_added':
    case 'technology_removed':
    case 'technology_version_changed':
      return {
        ...NO_FACTS,
        coreTechnology: body.data.categories.some((category) => CORE_CATEGORIES.includes(category)),
        versionBump: versionBump(body.data.previousVersion, body.data.version),
      };
    case 'performance_degraded':
    case 'performance_improved':
      return { ...NO_FACTS, changePercent: Math.abs(body.data.changePercent) };
    case 'security_grade_changed':
      return { ...NO_FACTS, gradeSteps: gradeIndex(body.data.previousGrade) - gradeIndex(body.data.grade) };
    case 'infrastructure_changed':
      return { ...NO_FACTS, field: body.data.field };
    case 'certificate_expiring':
      return { ...NO_FACTS, daysLeft: body.data.daysLeft };
    case 'redirect_changed':
      return { ...NO_FACTS, finalHostChanged: hostOf(body.data.finalUrl) !== hostOf(body.data.previousFinalUrl) };
    case 'content_changed':
      return { ...NO_FACTS, field: body.data.field, changePercent: body.data.changedPercent };
    default:
      return NO_FACTS;
  }
}

/** Position on the A+ … F scale (0 is best). */
export function gradeIndex(grade: string): number {
  return GRADES.findIndex((candidate) => candidate === grade);
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  return URL.canParse(url) ? new URL(url).hostname : url;
}

/** The table as Markdown, for the README. */
export function severityTableMarkdown(table: readonly SeverityRule[] = SEVERITY_TABLE): string {
  return [
    '| change | when | severity |',
    '|---|---|---|',
    ...table.map((row, index) => `| ${table[index - 1]?.type === row.type ? '' : `\`${row.type}\``} | ${row.when} | ${row.severity} |`),
  ].join('\n');
}
