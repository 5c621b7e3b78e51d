import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

/**
 * What the workflows cost in GitHub Actions minutes per month (private repositories; public ones
 * run free). GitHub bills each job rounded up to a whole minute, so the cost is counted per job:
 *
 *   minutes/month = 30 × ( R·1                                  plan job, every workflow run
 *                        + S·(⌈T_setup + N·t_scan/(60·c)⌉ + ⌈T_site⌉)   scan runs and their deploys
 *                        + D·(⌈T_setup_light⌉ + ⌈T_site⌉) )       digest-hour runs with nothing due
 *
 * R workflow runs a day (24: hourly), S runs a day that scan (4 for "0 *\/6 * * *"), D digest
 * runs a day that scan nothing, N monitors, c concurrency, t_scan seconds per scan (the page's
 * own load time plus techscan's overhead, from `npm run bench:run`), T_setup minutes of checkout,
 * npm ci and Chromium restore, T_site minutes of the site job (`npm run bench:site` plus npm ci).
 */

export interface CostModel {
  readonly workflowRunsPerDay: number;
  readonly scanRunsPerDay: number;
  readonly digestRunsPerDay: number;
  readonly concurrency: number;
  readonly secondsPerScan: number;
  readonly setupMinutes: number;
  readonly setupMinutesWithoutBrowser: number;
  readonly siteMinutes: number;
}

export const DAYS_PER_MONTH = 30;
const SECONDS_PER_MINUTE = 60;

export function scanJobMinutes(model: CostModel, monitors: number): number {
  return Math.ceil(model.setupMinutes + (monitors * model.secondsPerScan) / (SECONDS_PER_MINUTE * model.concurrency));
}

export function monthlyMinutes(model: CostModel, monitors: number): number {
  const site = Math.ceil(model.siteMinutes);
  const perDay =
    model.workflowRunsPerDay * 1 +
    model.scanRunsPerDay * (scanJobMinutes(model, monitors) + site) +
    model.digestRunsPerDay * (Math.ceil(model.setupMinutesWithoutBrowser) + site);
  return DAYS_PER_MONTH * perDay;
}

const number = (fallback: number) => z.coerce.number().positive().default(fallback);
const options = z.object({
  'runs-per-day': number(24),
  'scan-runs-per-day': number(4),
  'digest-runs-per-day': z.coerce.number().min(0).default(1),
  concurrency: number(5),
  'scan-seconds': number(6),
  'setup-minutes': number(1.5),
  'setup-minutes-light': number(1),
  'site-minutes': number(1.5),
});

/** `npx tsx scripts/github/minutes.ts --scan-seconds 4.5 --setup-minutes 1.2 --site-minutes 1.4` prints the README table. */
function main(argv: readonly string[]): string {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.keys(options.shape).map((name) => [name, { type: 'string' as const }])),
  });
  const parsed = options.parse(values);
  const model: CostModel = {
    workflowRunsPerDay: parsed['runs-per-day'],
    scanRunsPerDay: parsed['scan-runs-per-day'],
    digestRunsPerDay: parsed['digest-runs-per-day'],
    concurrency: parsed.concurrency,
    secondsPerScan: parsed['scan-seconds'],
    setupMinutes: parsed['setup-minutes'],
    setupMinutesWithoutBrowser: parsed['setup-minutes-light'],
    siteMinutes: parsed['site-minutes'],
  };
  const rows = [10, 100, 1000].map(
    (monitors) => `| ${monitors.toLocaleString('en-US')} | ${scanJobMinutes(model, monitors)} | ${monthlyMinutes(model, monitors).toLocaleString('en-US')} |`,
  );
  return ['| monitors | scan job (min) | minutes / month |', '|---:|---:|---:|', ...rows, ''].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(main(process.argv.slice(2)));
}
