import type { Scanner } from '../scan/contract.ts';
import { scanSettings } from '../schema/monitor.ts';
import type { FixtureServer } from '../demo/site-server.ts';
import { HOSTILE_PAGES } from './hostile-sites.ts';
import { startMemorySampler } from './memory.ts';

/**
 * The hostile part of `npm run bench:scan`: each page of the hostile suite scanned on its own,
 * with the default scan settings, and the peak memory (PSS of this process and Chromium's
 * process tree) and the time each one cost, beside an ordinary page for reference.
 */

export interface HostileRow {
  readonly name: string;
  readonly outcome: string;
  readonly ms: number;
  readonly peakBytes: number;
}

/** An ordinary page of the hostile site (a redirect chain of no hops), the reference row. */
const ORDINARY: readonly [string, string] = ['an ordinary page', '/chain?left=0'];

export async function benchHostile(scanner: Scanner, site: FixtureServer): Promise<HostileRow[]> {
  const rows: HostileRow[] = [];
  const pages: (readonly [string, string])[] = [ORDINARY, ...Object.entries(HOSTILE_PAGES)];
  for (const [name, path] of pages) {
    const memory = startMemorySampler();
    const started = performance.now();
    const { result } = await scanner.scan({ url: site.url(path), monitor: null, settings: scanSettings.parse({ depth: 'standard' }), rulesHash: 'bench' });
    const ms = Math.round(performance.now() - started);
    const outcome = result.ok ? (result.error ? result.error.kind : 'ok') : (result.error?.kind ?? 'failed');
    rows.push({ name, outcome, ms, peakBytes: memory.stop().total });
  }
  return rows;
}
