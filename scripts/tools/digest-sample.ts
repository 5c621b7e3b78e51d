import { normaliseMonitor } from '../monitors/normalise.ts';
import type { Alert, DigestPeriod } from '../schema/alert.ts';
import { changeSchema, type Change } from '../schema/change.ts';
import type { Severity } from '../schema/common.ts';
import { monitorFileSchema, settingsFileSchema, type Monitor, type Settings } from '../schema/monitor.ts';
import { contentHash } from '../shared/hash.ts';
import { alertsFor } from '../alerts/index.ts';

/**
 * A realistic daily digest built from valid records, for the README screenshot and for trying
 * the renderer: two organizations, four competitors, changes of every severity.
 */

const RECIPIENT = 'competitive-intel@acme.example';
const CREATED = new Date('2026-11-28T06:20:00.000Z');
const DETECTED = '2026-11-28T06:17:00.000Z';

function sampleMonitor(id: string, name: string, url: string): Monitor {
  const [organization = '', slug = ''] = id.split('/');
  const file = monitorFileSchema.parse({ name, url, schedule: '17 */6 * * *', alerts: { recipients: [RECIPIENT], minSeverity: 'low' } });
  return normaliseMonitor(file, { id, organization, slug, file: `monitors/${id}.yaml` });
}

function sampleChange(monitor: string, type: Change['type'], severity: Severity, summary: string, data: unknown, minutesEarlier = 0): Change {
  const detectedAt = new Date(new Date(DETECTED).getTime() - minutesEarlier * 60_000).toISOString();
  return changeSchema.parse({
    schemaVersion: 1,
    id: contentHash({ monitor, type, summary }, 16),
    monitor,
    type,
    severity,
    detectedAt,
    fromScan: contentHash({ monitor, at: 'before' }, 12),
    toScan: contentHash({ monitor, at: detectedAt }, 12),
    summary,
    data,
  });
}

export interface SampleDigest {
  readonly alerts: Alert[];
  readonly monitors: Monitor[];
  readonly settings: Settings;
  readonly period: DigestPeriod;
  readonly siteBaseUrl: string;
}

export function sampleDigest(): SampleDigest {
  const monitors = [
    sampleMonitor('acme/shopwave', 'Shopwave', 'https://www.shopwave.example/'),
    sampleMonitor('acme/cartly', 'Cartly', 'https://cartly.example/pricing'),
    sampleMonitor('globex/ledgerly', 'Ledgerly', 'https://ledgerly.example/'),
    sampleMonitor('globex/paynest', 'Paynest', 'https://paynest.example/'),
  ];
  const changes = [
    sampleChange('acme/shopwave', 'security_header_removed', 'high', 'Content-Security-Policy removed', {
      header: 'content-security-policy',
      value: null,
      previousValue: "default-src 'self'; script-src 'self' https://cdn.shopwave.example",
    }),
    sampleChange(
      'acme/shopwave',
      'content_changed',
      'medium',
      'Pricing text changed (18% of the page)',
      {
        field: 'text',
        changedPercent: 18,
        before: 'Starter — $29 per month, 2 stores, email support',
        after: 'Starter — $39 per month, 3 stores, chat & email support',
      },
      3,
    ),
    sampleChange('acme/cartly', 'technology_version_changed', 'medium', 'Next.js 14.2.3 → 15.3.1', {
      technology: 'Next.js',
      version: '15.3.1',
      previousVersion: '14.2.3',
      confidence: 100,
      categories: ['JavaScript frameworks', 'Web frameworks'],
    }),
    sampleChange(
      'acme/cartly',
      'performance_degraded',
      'medium',
      'LCP 1.8 s → 2.9 s (+61% against the median of 5 scans)',
      {
        metric: 'lcpMs',
        value: 2900,
        baseline: 1800,
        changePercent: 61,
        thresholdPercent: 20,
        baselineScans: 5,
      },
      1,
    ),
    sampleChange('globex/ledgerly', 'site_down', 'high', 'Site down: 2 scans in a row failed', {
      failures: 2,
      since: '2026-11-28T00:17:00.000Z',
      error: { kind: 'http_error', message: 'HTTP 503 Service Unavailable on the main document' },
    }),
    sampleChange('globex/paynest', 'technology_added', 'low', 'Hotjar added', {
      technology: 'Hotjar',
      version: null,
      previousVersion: null,
      confidence: 100,
      categories: ['Analytics'],
    }),
  ];
  return {
    alerts: monitors.flatMap((monitor) => alertsFor(monitor, changes, CREATED)),
    monitors,
    settings: settingsFileSchema.parse({ digests: { hour: 8, timezone: 'Europe/Berlin' } }),
    period: { start: '2026-11-27T07:00:00.000Z', end: '2026-11-28T07:00:00.000Z' },
    siteBaseUrl: 'https://acme.github.io/competitor-watch/',
  };
}
