import type { JobStatus } from '../schema/job.ts';
import type { ScanResult } from '../schema/scan.ts';

/**
 * Which failures are worth another attempt within the run. A timeout, a reset or refused
 * connection, a 5xx or a broken browser may pass; a missing domain, a bad certificate, a
 * 4xx, a bot wall, a non-HTML page or a page that crashes its renderer (out of memory, a
 * DOM too deep to lay out) will look the same a minute later — and another try of a page
 * that exhausts its memory costs that memory again.
 */
const TRANSIENT_KINDS = new Set(['timeout', 'connection_reset', 'connection_refused', 'browser']);
const FIRST_SERVER_ERROR = 500;

export function isTransientFailure(result: ScanResult): boolean {
  if (result.ok || !result.error) return false;
  if (TRANSIENT_KINDS.has(result.error.kind)) return true;
  return result.error.kind === 'http_error' && (result.status ?? 0) >= FIRST_SERVER_ERROR;
}

export function jobStatus(result: ScanResult): JobStatus {
  if (result.ok) return 'completed';
  return result.error?.kind === 'timeout' ? 'timed_out' : 'failed';
}

/** Exponential backoff: base, 2×base, 4×base… before attempts 2, 3, 4… */
export function backoffMs(failedAttempt: number, baseMs: number): number {
  return baseMs * 2 ** (failedAttempt - 1);
}
