import { describe, expect, it } from 'vitest';
import { runLoad } from '../../scripts/bench/load-run.ts';
import { LOAD_KINDS } from '../../scripts/bench/load-sites.ts';

/**
 * `npm run bench:load`'s own code over 30 monitors of the same mix (ordinary, failing, slow,
 * hostile): one real `techscan run` process, every due monitor accounted for, the pool never
 * wider than the concurrency. A shorter document deadline and retry delay than the benchmark's
 * keep slowloris, which is retried, from holding the run for a minute.
 */

const MONITORS = 30;
const CONCURRENCY = 5;

describe('a run under load', () => {
  it('scans or records as failed every due monitor, at most the concurrency at once, within the bound', { timeout: 120_000 }, async () => {
    const figures = await runLoad({ monitors: MONITORS, concurrency: CONCURRENCY, timeoutSeconds: 30, documentTimeoutSeconds: 5, retryDelayMs: 500 });
    const { account } = figures;
    expect(Object.keys(figures.mix).sort()).toEqual([...LOAD_KINDS].sort());
    expect(figures.dueInRecord).toBe(MONITORS);
    expect(account.missing).toEqual([]);
    const failed = Object.values(account.failedByKind).reduce((sum, count) => sum + count, 0);
    expect(account.scanned + failed).toBe(MONITORS);
    // Every failing monitor failed with its own kind; the ordinary and slow ones were scanned.
    expect(Object.keys(account.failedByKind)).toEqual(expect.arrayContaining(['connection_refused', 'http_error', 'dns', 'renderer_crashed']));
    expect(account.scanned).toBeGreaterThanOrEqual((figures.mix.ordinary ?? 0) + (figures.mix.slow ?? 0));
    expect(account.partial).toBeGreaterThanOrEqual(1);
    expect(account.maxAtOnce).toBeLessThanOrEqual(CONCURRENCY);
    expect(account.maxAtOnce).toBeGreaterThan(1);
    expect(figures.wallMs).toBeLessThan(figures.boundMs);
  });
});
