import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Change, ChangeOf } from '../../scripts/schema/change.ts';
import type { Severity } from '../../scripts/schema/common.ts';
import type { Grade, ScanResult, SecurityFinding } from '../../scripts/schema/scan.ts';
import type { Technology } from '../../scripts/schema/signals.ts';
import { openStore } from '../../scripts/store/store.ts';
import { change, scan } from '../helpers/records.ts';

/**
 * A hand-made history for the insight features: six monitors of the organization `rivals`,
 * the first marked `self`, scanned daily at 12:00 UTC from 1 September to 28 November 2026, with
 * technology, grade, performance and content changes on known days. Every trend figure the
 * tests expect is worked out by hand from the table below (see test/site/trends.test.ts).
 *
 *   monitor          stack (version from day)                               grade        LCP
 *   our-shop (self)  Angular 17.3.0, Magento 2.4.6, Varnish, Matomo 5.0.0   C 50         2000 ms, 2600 from 11-10
 *   alpha            Angular 18.2.0 → 19.0.0 (11-20), Svelte 5.0.0 (+10-05)  A 90         1200 ms
 *   beta             Angular 18.2.0 → 19.0.0 (11-05), Magento 2.4.7,          B 70         1500 ms
 *                    Zendesk (−11-12)
 *   gamma            Angular 19.1.0 (+09-15), Matomo 4.16.0                  B 70 → A 90 (11-15)  1800 ms
 *   delta            Angular 18.2.0, Apache HTTP Server 2.4.58               A 90 → C 50 (11-25)  2200 ms
 *   epsilon          Svelte 4.2.0 → 5.1.0 (10-20), Klaviyo                   D 30         3000 ms
 *
 * Beta's name has a comma, quotes and a line break; epsilon's page title and one change summary
 * look like spreadsheet formulas, and its content change has the excerpt word "zeppelin".
 */

export const RIVALS = {
  self: 'rivals/our-shop',
  alpha: 'rivals/alpha',
  beta: 'rivals/beta',
  gamma: 'rivals/gamma',
  delta: 'rivals/delta',
  epsilon: 'rivals/epsilon',
} as const;
export type Rival = (typeof RIVALS)[keyof typeof RIVALS];

export const RIVAL_NAMES: Readonly<Record<Rival, string>> = {
  [RIVALS.self]: 'Our Shop',
  [RIVALS.alpha]: 'Alpha Mart',
  // Commas and quotes in a name; the newline is in the page's title (names are refused with one).
  [RIVALS.beta]: 'Beta, "Bargains" Ltd',
  [RIVALS.gamma]: 'Gamma Shop',
  [RIVALS.delta]: 'Delta Goods',
  [RIVALS.epsilon]: 'Epsilon Store',
};

export const RIVALS_FIRST_DAY = '2026-09-01';
export const RIVALS_LAST_DAY = '2026-11-28';
export const FORMULA_TITLE = '=HYPERLINK("https://evil.example/","click me")';
export const FORMULA_SUMMARY = '=1+2 "Title" changed';
export const EXCERPT_WORD = 'zeppelin';
export const EXCERPT_AFTER = `Free delivery by ${EXCERPT_WORD} to every city`;

interface Span {
  readonly name: string;
  readonly categories: readonly string[];
  /** [first day, version] pairs, oldest first. */
  readonly versions: readonly (readonly [string, string | null])[];
  readonly until?: string;
}

interface RivalSpec {
  readonly id: Rival;
  readonly stack: readonly Span[];
  readonly grades: readonly (readonly [string, Grade, number])[];
  readonly lcp: readonly (readonly [string, number])[];
  readonly ttfbMs: number;
  readonly cdn: string | null;
  readonly hosting: string | null;
  readonly tlsIssuer: string;
  readonly tlsValidTo: string;
  readonly failing: readonly SecurityFinding[];
  readonly title: string;
}

const FRAMEWORK = ['JavaScript frameworks'];
const ECOMMERCE = ['Ecommerce'];
const CACHE = ['Caching'];
const ANALYTICS = ['Analytics'];
const START = RIVALS_FIRST_DAY;

const CSP_MISSING: SecurityFinding = {
  test: 'content-security-policy',
  pass: false,
  result: 'csp-not-implemented',
  scoreModifier: -25,
  description: 'Content Security Policy (CSP) header not implemented',
};
const XFO_MISSING: SecurityFinding = {
  test: 'x-frame-options',
  pass: false,
  result: 'x-frame-options-not-implemented',
  scoreModifier: -20,
  description: 'X-Frame-Options (XFO) header not implemented',
};

export const RIVAL_SPECS: readonly RivalSpec[] = [
  {
    id: RIVALS.self,
    stack: [
      { name: 'Angular', categories: FRAMEWORK, versions: [[START, '17.3.0']] },
      { name: 'Magento', categories: ECOMMERCE, versions: [[START, '2.4.6']] },
      { name: 'Varnish', categories: CACHE, versions: [[START, null]] },
      { name: 'Matomo', categories: ANALYTICS, versions: [[START, '5.0.0']] },
    ],
    grades: [[START, 'C', 50]],
    lcp: [
      [START, 2000],
      ['2026-11-10', 2600],
    ],
    ttfbMs: 300,
    cdn: null,
    hosting: 'Amazon Web Services',
    tlsIssuer: "Let's Encrypt",
    tlsValidTo: '2027-01-30T00:00:00.000Z',
    failing: [CSP_MISSING, XFO_MISSING],
    title: 'Our Shop — everything for your home',
  },
  {
    id: RIVALS.alpha,
    stack: [
      {
        name: 'Angular',
        categories: FRAMEWORK,
        versions: [
          [START, '18.2.0'],
          ['2026-11-20', '19.0.0'],
        ],
      },
      { name: 'Svelte', categories: FRAMEWORK, versions: [['2026-10-05', '5.0.0']] },
      { name: 'Varnish', categories: CACHE, versions: [[START, null]] },
    ],
    grades: [[START, 'A', 90]],
    lcp: [[START, 1200]],
    ttfbMs: 120,
    cdn: 'Cloudflare',
    hosting: 'Vercel',
    tlsIssuer: 'Google Trust Services',
    tlsValidTo: '2027-02-14T00:00:00.000Z',
    failing: [],
    title: 'Alpha Mart',
  },
  {
    id: RIVALS.beta,
    stack: [
      {
        name: 'Angular',
        categories: FRAMEWORK,
        versions: [
          [START, '18.2.0'],
          ['2026-11-05', '19.0.0'],
        ],
      },
      { name: 'Magento', categories: ECOMMERCE, versions: [[START, '2.4.7']] },
      { name: 'Zendesk', categories: ['Live chat'], versions: [[START, null]], until: '2026-11-12' },
    ],
    grades: [[START, 'B', 70]],
    lcp: [[START, 1500]],
    ttfbMs: 200,
    cdn: 'Fastly',
    hosting: null,
    tlsIssuer: 'DigiCert',
    tlsValidTo: '2027-03-01T00:00:00.000Z',
    failing: [CSP_MISSING],
    title: 'Beta Bargains\nBest prices, "always"',
  },
  {
    id: RIVALS.gamma,
    stack: [
      { name: 'Angular', categories: FRAMEWORK, versions: [['2026-09-15', '19.1.0']] },
      { name: 'Matomo', categories: ANALYTICS, versions: [[START, '4.16.0']] },
    ],
    grades: [
      [START, 'B', 70],
      ['2026-11-15', 'A', 90],
    ],
    lcp: [[START, 1800]],
    ttfbMs: 250,
    cdn: 'Cloudflare',
    hosting: null,
    tlsIssuer: "Let's Encrypt",
    tlsValidTo: '2027-01-10T00:00:00.000Z',
    failing: [],
    title: 'Gamma Shop',
  },
  {
    id: RIVALS.delta,
    stack: [
      { name: 'Angular', categories: FRAMEWORK, versions: [[START, '18.2.0']] },
      { name: 'Apache HTTP Server', categories: ['Web servers'], versions: [[START, '2.4.58']] },
    ],
    grades: [
      [START, 'A', 90],
      ['2026-11-25', 'C', 50],
    ],
    lcp: [[START, 2200]],
    ttfbMs: 400,
    cdn: null,
    hosting: 'Hetzner',
    tlsIssuer: "Let's Encrypt",
    tlsValidTo: '2026-12-20T00:00:00.000Z',
    failing: [CSP_MISSING, XFO_MISSING],
    title: 'Delta Goods',
  },
  {
    id: RIVALS.epsilon,
    stack: [
      {
        name: 'Svelte',
        categories: FRAMEWORK,
        versions: [
          [START, '4.2.0'],
          ['2026-10-20', '5.1.0'],
        ],
      },
      { name: 'Klaviyo', categories: ['Marketing automation'], versions: [[START, null]] },
    ],
    grades: [[START, 'D', 30]],
    lcp: [[START, 3000]],
    ttfbMs: 500,
    cdn: null,
    hosting: null,
    tlsIssuer: 'Sectigo',
    tlsValidTo: '2027-05-01T00:00:00.000Z',
    failing: [CSP_MISSING],
    title: FORMULA_TITLE,
  },
];

interface ChangeSpec {
  readonly monitor: Rival;
  readonly day: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly build: (on: Partial<Omit<Change, 'type' | 'data'>>) => Change;
}

const techData = (technology: string, categories: readonly string[], version: string | null, previousVersion: string | null) => ({
  technology,
  version,
  previousVersion,
  confidence: 100,
  categories: [...categories],
});

const of =
  <T extends Change['type']>(type: T, data: ChangeOf<T>['data']) =>
  (on: Partial<Omit<Change, 'type' | 'data'>>) =>
    change(type, data, on);

export const RIVAL_CHANGES: readonly ChangeSpec[] = [
  {
    monitor: RIVALS.gamma,
    day: '2026-09-15',
    severity: 'high',
    summary: 'Angular 19.1.0 added',
    build: of('technology_added', techData('Angular', FRAMEWORK, '19.1.0', null)),
  },
  {
    monitor: RIVALS.alpha,
    day: '2026-10-05',
    severity: 'high',
    summary: 'Svelte 5.0.0 added',
    build: of('technology_added', techData('Svelte', FRAMEWORK, '5.0.0', null)),
  },
  {
    monitor: RIVALS.epsilon,
    day: '2026-10-20',
    severity: 'medium',
    summary: 'Svelte 4.2.0 → 5.1.0',
    build: of('technology_version_changed', techData('Svelte', FRAMEWORK, '5.1.0', '4.2.0')),
  },
  {
    monitor: RIVALS.beta,
    day: '2026-11-05',
    severity: 'medium',
    summary: 'Angular 18.2.0 → 19.0.0',
    build: of('technology_version_changed', techData('Angular', FRAMEWORK, '19.0.0', '18.2.0')),
  },
  {
    monitor: RIVALS.self,
    day: '2026-11-10',
    severity: 'medium',
    summary: 'LCP +30% (2.00 s → 2.60 s)',
    build: of('performance_degraded', { metric: 'lcpMs', value: 2600, baseline: 2000, changePercent: 30, thresholdPercent: 20, baselineScans: 5 }),
  },
  {
    monitor: RIVALS.beta,
    day: '2026-11-12',
    severity: 'medium',
    summary: 'Zendesk removed',
    build: of('technology_removed', { ...techData('Zendesk', ['Live chat'], null, null), absentScans: 2 }),
  },
  {
    monitor: RIVALS.gamma,
    day: '2026-11-15',
    severity: 'low',
    summary: 'Security grade B → A',
    build: of('security_grade_changed', { grade: 'A', previousGrade: 'B', score: 90, previousScore: 70 }),
  },
  {
    monitor: RIVALS.epsilon,
    day: '2026-11-18',
    severity: 'low',
    summary: FORMULA_SUMMARY,
    build: of('content_changed', { field: 'text', changedPercent: 12, before: 'Free delivery to every city', after: EXCERPT_AFTER }),
  },
  {
    monitor: RIVALS.alpha,
    day: '2026-11-20',
    severity: 'medium',
    summary: 'Angular 18.2.0 → 19.0.0',
    build: of('technology_version_changed', techData('Angular', FRAMEWORK, '19.0.0', '18.2.0')),
  },
  {
    monitor: RIVALS.delta,
    day: '2026-11-25',
    severity: 'high',
    summary: 'Security grade A → C',
    build: of('security_grade_changed', { grade: 'C', previousGrade: 'A', score: 50, previousScore: 90 }),
  },
];

export interface RivalsHistory {
  /** Oldest first, per monitor. */
  readonly scans: ReadonlyMap<Rival, readonly ScanResult[]>;
  /** Oldest first. */
  readonly changes: readonly Change[];
}

export function rivalDays(): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${RIVALS_FIRST_DAY}T00:00:00Z`); t <= Date.parse(`${RIVALS_LAST_DAY}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

const atNoon = (day: string) => `${day}T12:00:00.000Z`;

function latestFrom<T>(entries: readonly (readonly [string, T])[], day: string): T | undefined {
  return entries.filter(([from]) => from <= day).at(-1)?.[1];
}

function stackOn(spec: RivalSpec, day: string): Technology[] {
  return spec.stack
    .filter((span) => (span.versions[0]?.[0] ?? START) <= day && (span.until === undefined || day < span.until))
    .map((span) => ({ name: span.name, version: latestFrom(span.versions, day) ?? null, confidence: 100, categories: [...span.categories] }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function rivalScan(spec: RivalSpec, day: string): ScanResult {
  const grade = spec.grades.filter(([from]) => from <= day).at(-1) ?? ['', 'C', 50];
  const lcp = latestFrom(spec.lcp, day) ?? 0;
  const slug = spec.id.split('/')[1] ?? '';
  return scan({
    monitor: spec.id,
    scannedAt: atNoon(day),
    url: `https://${slug}.rivals.example/`,
    finalUrl: `https://${slug}.rivals.example/`,
    technologies: stackOn(spec, day),
    performance: {
      ttfbMs: spec.ttfbMs,
      fcpMs: Math.round(lcp * 0.6),
      lcpMs: lcp,
      cls: 0.02,
      domContentLoadedMs: Math.round(lcp * 0.8),
      loadMs: Math.round(lcp * 1.3),
      transferBytes: 800_000,
      requests: 40,
      byType: { document: { requests: 1, bytes: 40_000 } },
    },
    security: { headers: { 'strict-transport-security': 'max-age=31536000' }, score: grade[2], grade: grade[1], findings: [...spec.failing] },
    infrastructure: {
      server: 'nginx',
      cdn: spec.cdn,
      hosting: spec.hosting,
      ip: '203.0.113.20',
      httpVersion: 'h2',
      tls: { issuer: spec.tlsIssuer, validTo: spec.tlsValidTo, protocol: 'TLSv1.3' },
      redirects: [],
    },
    content: { title: spec.title, description: null, canonical: null, headings: [{ level: 1, text: spec.title }], textHash: 'c'.repeat(64), wordCount: 500 },
  });
}

export function rivalsHistory(): RivalsHistory {
  const days = rivalDays();
  const scans = new Map<Rival, ScanResult[]>(RIVAL_SPECS.map((spec) => [spec.id, days.map((day) => rivalScan(spec, day))]));
  const changes = RIVAL_CHANGES.map((spec) => {
    const monitorScans = scans.get(spec.monitor) ?? [];
    const index = monitorScans.findIndex((entry) => entry.scannedAt === atNoon(spec.day));
    const to = monitorScans[index];
    if (!to) throw new Error(`no scan of ${spec.monitor} on ${spec.day}`);
    return spec.build({
      monitor: spec.monitor,
      detectedAt: to.scannedAt,
      fromScan: monitorScans[index - 1]?.id ?? null,
      toScan: to.id,
      severity: spec.severity,
      summary: spec.summary,
    });
  });
  return { scans, changes };
}

/** Writes the rivals' monitor files and history into a monitors/ and data/ folder. */
export async function writeRivals(monitorsDir: string, dataDir: string): Promise<RivalsHistory> {
  const history = rivalsHistory();
  const store = openStore(dataDir);
  await mkdir(join(monitorsDir, 'rivals'), { recursive: true });
  for (const spec of RIVAL_SPECS) {
    const slug = spec.id.split('/')[1] ?? '';
    const lines = [
      '# yaml-language-server: $schema=../monitor.schema.json',
      `name: ${JSON.stringify(RIVAL_NAMES[spec.id])}`,
      `url: https://${slug}.rivals.example/`,
      'schedule: "@daily"',
      'tags: [rivals]',
      ...(spec.id === RIVALS.self ? ['self: true'] : []),
      'alerts:',
      `  recipients: [intel@rivals.example]`,
      '  digest: weekly',
      '  landscape: true',
    ];
    await writeFile(join(monitorsDir, 'rivals', `${slug}.yaml`), `${lines.join('\n')}\n`);
    const scans = history.scans.get(spec.id) ?? [];
    await store.appendScans(scans);
    const latest = scans.at(-1);
    if (latest) await store.writeLatestScan(latest);
  }
  await store.appendChanges(history.changes);
  return history;
}
