/**
 * `npm run bench:load`: one real `techscan run` over 300 local monitors — most ordinary, some
 * failing (refused, HTTP 500, a name that does not resolve), some slow (3 s to the first byte),
 * some hostile (a busy loop, a memory hog, slowloris, an endless redirect) — at the configured
 * concurrency, into a temp workspace. Then, from what the store holds: every due monitor has a
 * scan or a failed job (missing must be 0), the most scans at once (at most the concurrency),
 * the wall time, scans per minute, the peak memory, and the bound the run is held to (from each
 * monitor's deadline, retries and backoff, and the pool's size: load-check.ts) and whether it held.
 *
 *   npm run bench:load -- [--monitors 300] [--concurrency 5] [--timeout 30] [--retry-delay 2000]
 *
 * Exits non-zero when a monitor is missing, the pool ran more than the concurrency or the bound
 * broke. Everything runs on 127.0.0.1, offline, and is removed afterwards.
 */
import { parseArgs } from 'node:util';
import { mb, perMinute, seconds, wholeNumberOption } from './figures.ts';
import { runLoad } from './load-run.ts';
import { SLOW_TTFB_MS } from './load-sites.ts';

const { values } = parseArgs({
  options: {
    monitors: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '5' },
    timeout: { type: 'string', default: '30' },
    'retry-delay': { type: 'string', default: '2000' },
  },
});
const options = {
  monitors: wholeNumberOption(values.monitors, 'monitors'),
  concurrency: wholeNumberOption(values.concurrency, 'concurrency'),
  timeoutSeconds: wholeNumberOption(values.timeout, 'timeout'),
  retryDelayMs: wholeNumberOption(values['retry-delay'], 'retry-delay'),
};
const MISSING_SHOWN = 10;

console.log(
  `Load benchmark: one \`techscan run\` over ${options.monitors} monitors at concurrency ${options.concurrency} (standard depth, ${options.timeoutSeconds} s per attempt, 127.0.0.1, offline)…`,
);
const figures = await runLoad(options);
const { account, mix } = figures;
const failed = Object.values(account.failedByKind).reduce((sum, count) => sum + count, 0);
const held = figures.wallMs <= figures.boundMs;
const row = (label: string, text: string) => console.log(`${label.padEnd(22)}${text}`);
console.log('');
const mixed = Object.entries(mix).map(([kind, count]) => `${count} ${kind}`);
row('Mix', `${mixed.join(', ')} (slow: ${SLOW_TTFB_MS / 1000} s to the first byte)`);
row('Due', `${account.due} (the run record says ${figures.dueInRecord})`);
row('Scanned', `${account.scanned} (${account.partial} of them partial)`);
row(
  'Failed',
  `${failed}: ${Object.entries(account.failedByKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ')}`,
);
row('Missing', `${account.missing.length}${account.missing.length > 0 ? `: ${account.missing.slice(0, MISSING_SHOWN).join(', ')}` : ''}`);
row('Retried', `${account.retried} attempts beyond the first (up to ${figures.retries} per monitor)`);
row('At once', `at most ${account.maxAtOnce} scans (concurrency ${options.concurrency})`);
row('Longest attempt', `${seconds(account.longestAttemptMs)} (deadline ${options.timeoutSeconds} s)`);
row('Wall time', `${seconds(figures.wallMs)}  process start to exit`);
row('Throughput', `${perMinute(account.due, figures.wallMs)} monitors/min over the wall time`);
row(
  'Peak memory (PSS)',
  `${mb(figures.peak.total)} (CLI Node ${mb(figures.peak.root)}, Chromium processes ${mb(figures.peak.total - figures.peak.root)} at that moment)`,
);
row(
  'Bound',
  `${seconds(figures.boundMs)}: every attempt to its deadline, backoffs and recording, over ${options.concurrency} slots, plus start-up — ${held ? 'held' : 'BROKEN'} (wall is ${((figures.wallMs / figures.boundMs) * 100).toFixed(0)} % of it)`,
);
const complete = account.missing.length === 0 && figures.dueInRecord === account.due;
if (!complete || account.maxAtOnce > options.concurrency || !held) process.exitCode = 1;
