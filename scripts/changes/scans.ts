import type { ScanResult } from '../schema/scan.ts';

/**
 * How a scan counts for change detection. A usable scan is one where the site itself answered;
 * a failed scan only ever counts towards `site_down`; a blocked scan (a bot challenge or an
 * access-denied page in front of the site) says nothing about the site and counts for nothing.
 */

export function isBlocked(scan: ScanResult): boolean {
  return scan.error?.kind === 'blocked';
}

export function isUsable(scan: ScanResult): boolean {
  return scan.ok && !isBlocked(scan);
}

export function isFailure(scan: ScanResult): boolean {
  return !scan.ok && !isBlocked(scan);
}

export interface Comparability {
  /**
   * Technologies and what is derived from them also need the same fingerprint database and
   * the same detection rules of ours layered on it (absent in older scans: those compare only
   * with each other).
   */
  readonly fingerprints: boolean;
  /** What else an earlier scan must share with this one (e.g. how its content was hashed). */
  readonly also?: (candidate: ScanResult) => boolean;
}

function sameDetection(a: ScanResult, b: ScanResult): boolean {
  return a.producer.fingerprints === b.producer.fingerprints && a.producer.detectionRules === b.producer.detectionRules;
}

/**
 * The usable scans comparable with `scan`, oldest first: those since the last change of the
 * monitor's rules, of the depth actually scanned and, when asked, of the fingerprint database
 * and our detection rules.
 * Anything older belongs to another baseline and is never compared (compare like with like).
 */
export function comparableScans(earlier: readonly ScanResult[], scan: ScanResult, { fingerprints, also }: Comparability): ScanResult[] {
  const comparable: ScanResult[] = [];
  for (let index = earlier.length - 1; index >= 0; index -= 1) {
    const candidate = earlier[index];
    if (candidate === undefined || !isUsable(candidate)) continue;
    const same =
      candidate.producer.rulesHash === scan.producer.rulesHash &&
      candidate.depth === scan.depth &&
      (!fingerprints || sameDetection(candidate, scan)) &&
      (also === undefined || also(candidate));
    if (!same) break;
    comparable.push(candidate);
  }
  return comparable.reverse();
}
