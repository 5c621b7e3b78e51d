import type { ScanSettings } from '../schema/monitor.ts';
import type { ScanResult } from '../schema/scan.ts';

/**
 * The scan stage as the rest of the pipeline sees it. `run` asks a Scanner for one scan per
 * job; the Scanner owns the browser (one per process, a fresh context per scan).
 */

export interface ScanRequest {
  readonly url: string;
  /** The monitor id, or null for an ad-hoc `scan <url>`. */
  readonly monitor: string | null;
  readonly settings: ScanSettings;
  /** Stored with the result so a change of rules re-baselines instead of alarming. */
  readonly rulesHash: string;
  /** Where a deep scan writes its screenshot; no artefacts are written without it. */
  readonly artifactsDir?: string;
  /** Aborts the scan (SIGINT/SIGTERM); the scan then ends promptly with an error result. */
  readonly signal?: AbortSignal;
}

export interface ScanOutcome {
  /** Always present: a failed scan is still a result, with `ok: false` and an `error`. */
  readonly result: ScanResult;
  /** Normalised visible text with the ignore rules applied (bounded); null when no page was seen. */
  readonly text: string | null;
  /** Each content block's wording by its hash (bounded), kept beside the history for excerpts; null when no page was seen. */
  readonly blockTexts: Readonly<Record<string, string>> | null;
  /** Files written beside the run (screenshots); never committed. */
  readonly artifacts: readonly string[];
}

export interface Scanner {
  /** The depth this scanner can actually deliver, e.g. `light` when no browser is available. */
  readonly maxDepth: ScanSettings['depth'];
  scan(request: ScanRequest): Promise<ScanOutcome>;
  close(): Promise<void>;
}
