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
 * scripts/tools/actions-minutes.ts prints the README's table from it.
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
