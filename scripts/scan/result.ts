import { SCAN_SCHEMA_VERSION, type Depth } from '../schema/common.ts';
import type { ScanSettings } from '../schema/monitor.ts';
import { scanResultSchema, type Performance, type Producer, type ScanError, type ScanResult } from '../schema/scan.ts';
import type { Technology } from '../schema/signals.ts';
import { contentHash } from '../shared/hash.ts';
import type { AssembledPage } from './assemble.ts';
import type { ObservedPage, ObservedResponse } from './observed.ts';
import { infrastructureOf } from './assemble.ts';

/** The scan result record, from what the scan produced. Pure; parsed so it is always valid. */

export interface ResultParts {
  readonly url: string;
  readonly monitor: string | null;
  readonly settings: ScanSettings;
  readonly scannedAt: Date;
  readonly durationMs: number;
  readonly depth: Depth;
  readonly producer: Producer;
  /**
   * A successful page (possibly partial), or null when the scan failed. Not `rendered`: known by
   * its HTTP response only, so it has no content (its performance is then null too).
   */
  readonly page: {
    observed: ObservedPage;
    assembled: AssembledPage;
    performance: Performance | null;
    rendered: boolean;
    technologies: readonly Technology[];
  } | null;
  /** The response that arrived before a failure, for infrastructure. */
  readonly response: ObservedResponse | null;
  readonly error: ScanError | null;
  readonly extraPages: readonly string[];
  /** Browser connections the private-network guard refused; recorded only when there were some. */
  readonly refusedRequests: number;
}

export function scanId(monitor: string | null, url: string, scannedAt: string): string {
  return contentHash({ monitor: monitor ?? url, scannedAt }, 12);
}

export function buildResult(parts: ResultParts): ScanResult {
  const scannedAt = parts.scannedAt.toISOString();
  const { track } = parts.settings;
  const page = parts.page;
  const response = page?.observed ?? parts.response;
  return scanResultSchema.parse({
    schemaVersion: SCAN_SCHEMA_VERSION,
    id: scanId(parts.monitor, parts.url, scannedAt),
    monitor: parts.monitor,
    url: parts.url,
    finalUrl: response?.finalUrl ?? null,
    scannedAt,
    status: response?.status ?? null,
    // A partial scan (request cap hit, a deep page failed) still saw the site: it is ok, with a note.
    ok: parts.error === null || (parts.error.kind === 'partial' && page !== null),
    ...(parts.error ? { error: parts.error } : {}),
    durationMs: Math.max(0, Math.round(parts.durationMs)),
    depth: parts.depth,
    producer: parts.producer,
    technologies: page && track.technologies ? page.technologies : [],
    performance: page && track.performance ? page.performance : null,
    security: page && track.security ? page.assembled.security : null,
    infrastructure: page ? page.assembled.infrastructure : response ? infrastructureOf(response) : null,
    content: page && track.content && page.rendered ? page.assembled.content : null,
    ...(parts.depth === 'deep' ? { pages: [...parts.extraPages] } : {}),
    ...(parts.refusedRequests > 0 ? { refusedRequests: parts.refusedRequests } : {}),
  });
}
