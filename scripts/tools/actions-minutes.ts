import { parseArgs } from 'node:util';
import { z } from 'zod';
import { line } from '../cli/io.ts';
import { runTool } from '../cli/tool.ts';
import { EXIT, UsageError } from '../errors.ts';
import { monthlyMinutes, scanJobMinutes, type CostModel } from '../github/minutes.ts';
import { errorMessage } from '../shared/wording.ts';

/**
 * Prints the README's table of GitHub Actions minutes per month from measured figures:
 * `npx tsx scripts/tools/actions-minutes.ts --scan-seconds 4.5 --setup-minutes 1.2 --site-minutes 1.4 [--runs-per-day 4]`.
 */

const MONITOR_COUNTS = [10, 100, 1000];

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

function costModel(argv: readonly string[]): CostModel {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], options: Object.fromEntries(Object.keys(options.shape).map((name) => [name, { type: 'string' as const }])) }).values;
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
  const parsed = options.safeParse(values);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new UsageError(`--${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'not a number'}`);
  }
  return {
    workflowRunsPerDay: parsed.data['runs-per-day'],
    scanRunsPerDay: parsed.data['scan-runs-per-day'],
    digestRunsPerDay: parsed.data['digest-runs-per-day'],
    concurrency: parsed.data.concurrency,
    secondsPerScan: parsed.data['scan-seconds'],
    setupMinutes: parsed.data['setup-minutes'],
    setupMinutesWithoutBrowser: parsed.data['setup-minutes-light'],
    siteMinutes: parsed.data['site-minutes'],
  };
}

process.exitCode = await runTool('actions-minutes', async (io) => {
  const model = costModel(process.argv.slice(2));
  const rows = MONITOR_COUNTS.map(
    (monitors) => `| ${monitors.toLocaleString('en-US')} | ${scanJobMinutes(model, monitors)} | ${monthlyMinutes(model, monitors).toLocaleString('en-US')} |`,
  );
  io.out(['| monitors | scan job (min) | minutes / month |', '|---:|---:|---:|', ...rows].map(line).join(''));
  return EXIT.ok;
});
