import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSyntheticData } from '../../scripts/bench/synthetic.ts';
import type { Change } from '../../scripts/schema/change.ts';
import { openStore } from '../../scripts/store/store.ts';
import { change, job, run, scan, technology } from '../helpers/records.ts';
import { writeRivals, type RivalsHistory } from './rivals.ts';

/**
 * A realistic data/ and monitors/ for building the site in tests: two months of synthetic
 * 6-hourly history for four monitors, plus hand-made monitors for the cases that matter —
 * a hostile page (script tags in its title, headers and change excerpts) whose latest scan
 * failed, a monitor never scanned, a disabled one, and data left by a removed monitor — and the
 * hand-made `rivals` organization (test/site/rivals.ts) whose trends are worked out by hand.
 */

export const FIXTURE_NOW = new Date('2026-11-28T13:00:00.000Z');
export const SCRIPT_TITLE = '<script>window.__pwned = 1</script>Evil Corp — pricing';
export const SCRIPT_HEADER = '<img src=x onerror="window.__pwned = 2">';
export const SCRIPT_EXCERPT = '<script>window.__pwned = 3</script> Now 20% off';

export const FIXTURE_MONITORS = {
  synthetic: ['acme/site-0001', 'globex/site-0002', 'initech/site-0003', 'umbrella/site-0004'],
  hostile: 'acme/evil-corp',
  neverScanned: 'globex/newcomer',
  disabled: 'globex/paused',
  removed: 'initech/retired',
} as const;

export interface SiteFixture {
  readonly dataDir: string;
  readonly monitorsDir: string;
  /** Changes written for the hostile monitor, by type. */
  readonly hostileChanges: ReadonlyMap<Change['type'], Change>;
  readonly rivals: RivalsHistory;
}

const HOSTILE = FIXTURE_MONITORS.hostile;

export async function writeSiteFixture(root: string): Promise<SiteFixture> {
  const dataDir = join(root, 'data');
  const monitorsDir = join(root, 'monitors');
  await writeSyntheticData({ monitorsDir, dataDir, monitors: 4, days: 60, end: new Date('2026-11-28T12:00:00.000Z'), seed: 7, richChanges: true });
  await writeMonitor(monitorsDir, HOSTILE, [
    'name: Evil Corp',
    'url: https://evil-corp.example/pricing',
    'schedule: "0 */6 * * *"',
    'tags: [retail, hostile]',
    'description: Sells the same thing, louder.',
  ]);
  await writeMonitor(monitorsDir, FIXTURE_MONITORS.neverScanned, ['name: Newcomer', 'url: https://newcomer.example/', 'schedule: "@daily"', 'tags: [saas]']);
  await writeMonitor(monitorsDir, FIXTURE_MONITORS.disabled, ['name: Paused Inc', 'url: https://paused.example/', 'schedule: "@weekly"', 'enabled: false']);

  const store = openStore(dataDir);
  const at = (hoursAgo: number) => new Date(Date.parse('2026-11-28T12:00:00.000Z') - hoursAgo * 3_600_000).toISOString();
  const stack = [
    technology('jQuery', '3.6.0'),
    technology('Nginx', '1.24.0', ['Web servers', 'Reverse proxies']),
    technology('Stripe', null, ['Payment processors']),
  ];
  const first = scan({ monitor: HOSTILE, scannedAt: at(48), technologies: stack });
  const hostile = scan({
    monitor: HOSTILE,
    scannedAt: at(24),
    technologies: [...stack, technology('React', '19.0.0', ['JavaScript frameworks'])],
    content: {
      title: SCRIPT_TITLE,
      description: '<b>bold claims</b>',
      canonical: 'javascript:alert(1)',
      headings: [{ level: 1, text: '<h1>Everything</h1>' }],
      textHash: 'b'.repeat(64),
      wordCount: 312,
    },
    security: {
      headers: { 'x-frame-options': SCRIPT_HEADER, 'strict-transport-security': 'max-age=300' },
      score: 25,
      grade: 'D',
      findings: [
        {
          test: 'content-security-policy',
          pass: false,
          result: 'csp-not-implemented',
          scoreModifier: -25,
          description: 'Content Security Policy (CSP) header not implemented',
        },
      ],
    },
  });
  const failed = scan({
    monitor: HOSTILE,
    scannedAt: at(0),
    ok: false,
    status: null,
    finalUrl: null,
    error: { kind: 'timeout', message: 'navigation timed out after 60 s <script>window.__pwned = 4</script>' },
    technologies: [],
    performance: null,
    security: null,
    infrastructure: null,
    content: null,
  });
  await store.appendScans([first, hostile, failed]);
  await store.writeLatestScan(failed);
  await store.appendJobs([
    job({ monitor: HOSTILE, startedAt: first.scannedAt, scheduledFor: first.scannedAt, completedAt: first.scannedAt, scanId: first.id }),
    job({ monitor: HOSTILE, startedAt: hostile.scannedAt, scheduledFor: hostile.scannedAt, completedAt: hostile.scannedAt, scanId: hostile.id }),
    job({
      monitor: HOSTILE,
      startedAt: failed.scannedAt,
      scheduledFor: failed.scannedAt,
      completedAt: failed.scannedAt,
      status: 'failed',
      attempt: 1,
      error: { kind: 'connection_reset', message: 'socket hang up' },
    }),
    job({
      monitor: HOSTILE,
      startedAt: at(-0.05),
      scheduledFor: failed.scannedAt,
      completedAt: at(-0.06),
      status: 'timed_out',
      attempt: 2,
      error: failed.error ?? null,
      scanId: failed.id,
    }),
  ]);

  const on = { monitor: HOSTILE, detectedAt: hostile.scannedAt, fromScan: first.id, toScan: hostile.id };
  const hostileChanges = [
    change(
      'technology_added',
      { technology: 'React', version: '19.0.0', previousVersion: null, confidence: 100, categories: ['JavaScript frameworks'] },
      { ...on, severity: 'medium', summary: 'React 19.0.0 added' },
    ),
    change(
      'content_changed',
      { field: 'title', changedPercent: 64, before: 'Evil Corp — pricing', after: SCRIPT_EXCERPT },
      { ...on, severity: 'low', summary: `Title changed to "${SCRIPT_TITLE}"` },
    ),
    change(
      'security_header_removed',
      { header: 'content-security-policy', value: null, previousValue: "default-src 'self'" },
      { ...on, severity: 'high', summary: 'content-security-policy removed' },
    ),
    change(
      'security_grade_changed',
      { grade: 'D', previousGrade: 'B', score: 25, previousScore: 70 },
      { ...on, severity: 'high', summary: 'Security grade B → D' },
    ),
    change(
      'performance_degraded',
      { metric: 'lcpMs', value: 2900, baseline: 1200, changePercent: 141.7, thresholdPercent: 20, baselineScans: 5 },
      { ...on, severity: 'medium', summary: 'LCP +141.7% (1.20 s → 2.90 s)' },
    ),
    change('infrastructure_changed', { field: 'cdn', value: 'Cloudflare', previousValue: null }, { ...on, severity: 'low', summary: 'CDN: none → Cloudflare' }),
    change(
      'certificate_expiring',
      { validTo: '2026-12-05T00:00:00.000Z', daysLeft: 7, issuer: "Let's Encrypt" },
      { ...on, severity: 'medium', summary: 'TLS certificate expires in 7 days' },
    ),
    change(
      'redirect_changed',
      {
        redirects: [{ url: 'http://evil-corp.example/', status: 301 }],
        previousRedirects: [],
        finalUrl: 'https://evil-corp.example/pricing',
        previousFinalUrl: 'https://evil-corp.example/',
      },
      { ...on, severity: 'low', summary: 'Redirects changed' },
    ),
    change(
      'site_down',
      { failures: 2, since: failed.scannedAt, error: failed.error ?? { kind: 'timeout', message: 'timeout' } },
      { monitor: HOSTILE, detectedAt: failed.scannedAt, fromScan: hostile.id, toScan: failed.id, severity: 'high', summary: 'Site down: navigation timed out' },
    ),
  ];
  await store.appendChanges(hostileChanges);

  const retired = FIXTURE_MONITORS.removed;
  const old = scan({ monitor: retired, scannedAt: at(24 * 15), technologies: [technology('WordPress', '6.4.3', ['CMS', 'Blogs'])] });
  await store.appendScans([old]);
  await store.writeLatestScan(old);
  await store.appendChanges([
    change(
      'technology_removed',
      { technology: 'Drupal', version: null, previousVersion: '10.1', confidence: 100, categories: ['CMS'], absentScans: 2 },
      { monitor: retired, detectedAt: old.scannedAt, toScan: old.id, summary: 'Drupal removed' },
    ),
  ]);
  await store.appendRun(
    run({ startedAt: at(-0.1), trigger: 'manual', monitors: 8, due: 1, scanned: 0, failed: 1, retried: 1, changes: { total: 1, high: 1, medium: 0, low: 0 } }),
  );
  const rivals = await writeRivals(monitorsDir, dataDir);
  return { dataDir, monitorsDir, hostileChanges: new Map(hostileChanges.map((entry) => [entry.type, entry])), rivals };
}

async function writeMonitor(monitorsDir: string, id: string, lines: readonly string[]): Promise<void> {
  const [organization = '', slug = ''] = id.split('/');
  await mkdir(join(monitorsDir, organization), { recursive: true });
  await writeFile(join(monitorsDir, organization, `${slug}.yaml`), `${['# yaml-language-server: $schema=../monitor.schema.json', ...lines].join('\n')}\n`);
}
