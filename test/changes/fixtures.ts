import { detectChanges } from '../../scripts/changes/index.ts';
import type { Change } from '../../scripts/schema/change.ts';
import type { Monitor } from '../../scripts/schema/monitor.ts';
import type { Content, Infrastructure, Performance, ScanResult, Security } from '../../scripts/schema/scan.ts';
import { blockHash } from '../../scripts/shared/volatile-text.ts';
import { DEFAULT_BLOCKS, monitor as buildMonitor, scan } from '../helpers/records.ts';

/**
 * Scan timelines for change detection tests: one scan every six hours from START, each a
 * realistic successful scan (test/helpers/records.ts) with the parts a case changes.
 */

export const START = '2026-11-01T00:00:00.000Z';
const SIX_HOURS_MS = 6 * 3_600_000;
const DEFAULT = scan();

export function at(index: number): string {
  return new Date(Date.parse(START) + index * SIX_HOURS_MS).toISOString();
}

export interface Step {
  readonly scan?: Partial<ScanResult>;
  /** The page's text blocks in order; they become content.blocks (default: the default scan's). */
  readonly blocks?: readonly string[];
  /** Blocks the scan saw differ between two loads of the page (content.volatile). */
  readonly volatile?: readonly string[];
}

export interface Timeline {
  readonly scans: ScanResult[];
  /** Every block's wording by hash, as run keeps them beside the history. */
  readonly texts: Record<string, string>;
}

export function timeline(steps: readonly Step[]): Timeline {
  const texts: Record<string, string> = {};
  const scans = steps.map((step, index) => {
    const built = scan({ scannedAt: at(index), ...step.scan });
    if (!built.content) return built;
    const blocks = step.blocks ?? DEFAULT_BLOCKS;
    for (const block of [...blocks, ...(step.volatile ?? [])]) texts[blockHash(block)] = block;
    return {
      ...built,
      content: { ...built.content, blocks: [...new Set(blocks.map(blockHash))], volatile: (step.volatile ?? []).map(blockHash) },
    };
  });
  return { scans, texts };
}

/** `count` copies of a step (by default an unchanged successful scan). */
export function repeat(count: number, step: Step = {}): Step[] {
  return Array.from({ length: count }, () => step);
}

/** Detection run after every scan of the timeline, as `run` does: every change the timeline ever produces. */
export function detectAll(steps: Timeline | readonly Step[], monitor: Monitor = buildMonitor()): Change[] {
  const { scans, texts } = 'scans' in steps ? steps : timeline(steps);
  return scans.flatMap((current, index) => detectChanges({ monitor, history: scans.slice(0, index), scan: current, blockTexts: texts }));
}

/** Only what detection of the last scan reports. */
export function detectLast(steps: Timeline | readonly Step[], monitor: Monitor = buildMonitor()): Change[] {
  const { scans, texts } = 'scans' in steps ? steps : timeline(steps);
  const current = scans.at(-1);
  if (!current) throw new Error('an empty timeline');
  return detectChanges({ monitor, history: scans.slice(0, -1), scan: current, blockTexts: texts });
}

export function summaries(changes: readonly Change[]): string[] {
  return changes.map((change) => `${change.type}: ${change.summary}`);
}

function part<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`the default scan has no ${name}`);
  return value;
}

export function performance(overrides: Partial<Performance> = {}): Performance {
  return { ...part(DEFAULT.performance, 'performance'), ...overrides };
}

export function security(headers: Record<string, string>, overrides: Partial<Security> = {}): Security {
  return { ...part(DEFAULT.security, 'security'), headers, ...overrides };
}

export function infrastructure(overrides: Partial<Infrastructure> = {}): Infrastructure {
  return { ...part(DEFAULT.infrastructure, 'infrastructure'), ...overrides };
}

export function content(overrides: Partial<Content> = {}): Content {
  return { ...part(DEFAULT.content, 'content'), ...overrides };
}

export const DEFAULT_HEADERS = part(DEFAULT.security, 'security').headers;

/** A scan that failed: nothing measured. */
export function failed(
  kind: 'timeout' | 'dns' | 'connection_refused' | 'http_error' = 'timeout',
  status: number | null = kind === 'http_error' ? 503 : null,
): Partial<ScanResult> {
  return {
    ok: false,
    status,
    finalUrl: null,
    error: { kind, message: kind === 'timeout' ? 'navigation timed out after 60 s' : `${kind} failure` },
    technologies: [],
    performance: null,
    security: null,
    infrastructure: null,
    content: null,
  };
}

/** A bot challenge in front of the site: what it shows is the challenge page, not the site. */
export function blocked(): Partial<ScanResult> {
  return {
    ok: false,
    status: 403,
    error: { kind: 'blocked', message: 'Cloudflare "Just a moment…" challenge' },
    technologies: [{ name: 'Cloudflare', version: null, confidence: 100, categories: ['CDN'] }],
    performance: performance({ ttfbMs: 40, lcpMs: 90, transferBytes: 12_000 }),
    security: security({}, { grade: 'F', score: 0 }),
    infrastructure: infrastructure({ server: 'cloudflare', cdn: 'Cloudflare', ip: '104.16.0.1' }),
    content: content({ title: 'Just a moment...', headings: [], blocks: [blockHash('Checking your browser')], wordCount: 12 }),
  };
}

/** An element a test knows is there (noUncheckedIndexedAccess). */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}
