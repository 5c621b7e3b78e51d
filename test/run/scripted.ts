import { expect } from 'vitest';
import type { MonitorConfig } from '../../scripts/monitors/load.ts';
import { validateConfigs } from '../../scripts/monitors/load.ts';
import type { ScanOutcome, ScanRequest } from '../../scripts/scan/contract.ts';
import type { ScanError, ScanResult } from '../../scripts/schema/scan.ts';
import { contentHash } from '../../scripts/shared/hash.ts';
import { blockHash } from '../../scripts/shared/volatile-text.ts';
import { DEFAULT_BLOCKS, scan } from '../helpers/records.ts';

/**
 * Scripted scans for the run tests, which test the cycle's bookkeeping, not the browser (the
 * *.slow tests scan real sites): each host plays its steps in order, repeating the last.
 */

export type Step = 'ok' | ScanError['kind'] | 503 | 404;

/** Monitors `acme/<slug>` for https://<slug>.example/, 6-hourly, each with its extra YAML. */
export function scriptedConfig(entries: Readonly<Record<string, string>>): MonitorConfig {
  const files = Object.entries(entries).map(([slug, extra]) => ({
    relPath: `acme/${slug}.yaml`,
    file: `monitors/acme/${slug}.yaml`,
    text: `name: ${slug}\nurl: https://${slug}.example/\nschedule: "0 */6 * * *"\n${extra}`,
  }));
  const loaded = validateConfigs(files);
  expect(loaded.problems).toEqual([]);
  return loaded;
}

/** The host's name before the first dot: the key of its script. */
export function hostOf(request: ScanRequest): string {
  return new URL(request.url).hostname.split('.')[0] ?? '';
}

/** The outcome of one scripted step: an ordinary successful scan, or a failure of its kind. */
export function scriptedOutcome(request: ScanRequest, step: Step, scannedAt: string, attempt: number, text: string | null = null): ScanOutcome {
  const host = hostOf(request);
  const base = { monitor: request.monitor, url: request.url, scannedAt, id: contentHash({ monitor: request.monitor, scannedAt, attempt }, 12) };
  const result: ScanResult =
    step === 'ok'
      ? scan(base)
      : scan({
          ...base,
          ok: false,
          status: typeof step === 'number' ? step : null,
          error: { kind: typeof step === 'number' ? 'http_error' : step, message: `scripted ${step}` },
          technologies: [],
          performance: null,
          security: null,
          infrastructure: null,
          content: null,
        });
  const blockTexts = step === 'ok' ? Object.fromEntries(DEFAULT_BLOCKS.map((block) => [blockHash(block), `${block} (${host})`])) : null;
  return { result, text: step === 'ok' ? text : null, blockTexts, artifacts: [] };
}
