import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanSettings } from '../schema/monitor.ts';
import { openStore } from '../store/store.ts';
import { benchSlug, readRunRecords, writeMonitorFiles } from './bench-monitors.ts';
import { accountForRun, runBoundMs, type LoadAccount, type MonitorBudget } from './load-check.ts';
import { planLoad, startLoadSites, type LoadKind } from './load-sites.ts';
import { runCliMeasured } from './measured-cli.ts';
import type { MemoryPeak } from './memory.ts';

/**
 * One real `techscan run` over the load mix (load-sites.ts) into a temp workspace, and what
 * the store holds afterwards, accounted for monitor by monitor: the work of `npm run bench:load`
 * and of its test.
 */

export interface LoadOptions {
  readonly monitors: number;
  readonly concurrency: number;
  /** Each monitor's `scan.timeoutSeconds`: the deadline of one attempt. */
  readonly timeoutSeconds: number;
  /** Each monitor's `scan.documentTimeoutSeconds`; the default when absent. */
  readonly documentTimeoutSeconds?: number;
  /** `run --retry-delay`: the wait before the first retry, doubling after. */
  readonly retryDelayMs: number;
}

export interface LoadFigures {
  readonly account: LoadAccount;
  /** Monitors of each kind in the mix. */
  readonly mix: Readonly<Partial<Record<LoadKind, number>>>;
  /** The due count in the run's own record. */
  readonly dueInRecord: number;
  readonly wallMs: number;
  readonly peak: MemoryPeak;
  readonly boundMs: number;
  readonly retries: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const sites = await startLoadSites();
  const root = await mkdtemp(join(tmpdir(), 'techscan-bench-load-'));
  try {
    const monitorsDir = join(root, 'monitors');
    const dataDir = join(root, 'data');
    const settings = scanSettings.parse({
      depth: 'standard',
      timeoutSeconds: options.timeoutSeconds,
      ...(options.documentTimeoutSeconds === undefined ? {} : { documentTimeoutSeconds: options.documentTimeoutSeconds }),
    });
    // Written out, so the bound below and the run read the same numbers.
    const scanLines = [
      `timeoutSeconds: ${settings.timeoutSeconds}`,
      `documentTimeoutSeconds: ${settings.documentTimeoutSeconds}`,
      `retries: ${settings.retries}`,
    ];
    const plans = planLoad(options.monitors);
    const ids = await writeMonitorFiles(
      monitorsDir,
      plans.map((plan, index) => {
        const slug = benchSlug(index, options.monitors);
        return { slug, url: sites.url(plan, index, slug), scan: scanLines };
      }),
    );
    const run = await runCliMeasured(
      [
        'run',
        '--monitors',
        monitorsDir,
        '--data',
        dataDir,
        '--concurrency',
        String(options.concurrency),
        '--retry-delay',
        String(options.retryDelayMs),
        '--allow-private-networks',
      ],
      root,
    );
    if (run.result.code !== 0) throw new Error(`techscan run exited with ${run.result.signal ?? run.result.code}:\n${run.result.stderr}`);
    const records = await readRunRecords(openStore(dataDir), ids);
    const budget: MonitorBudget = { timeoutSeconds: settings.timeoutSeconds, retries: settings.retries, retryBaseMs: options.retryDelayMs };
    const mix: Partial<Record<LoadKind, number>> = {};
    for (const plan of plans) mix[plan.kind] = (mix[plan.kind] ?? 0) + 1;
    return {
      account: accountForRun(ids, records.jobs, records.scans),
      mix,
      dueInRecord: records.run.due,
      wallMs: run.wallMs,
      peak: run.peak,
      boundMs: runBoundMs(
        ids.map(() => budget),
        options.concurrency,
      ),
      retries: settings.retries,
    };
  } finally {
    await sites.close();
    await rm(root, { recursive: true, force: true });
  }
}
