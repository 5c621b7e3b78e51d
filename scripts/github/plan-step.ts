import * as core from '@actions/core';
import { resolve } from 'node:path';
import { z } from 'zod';
import { requireValidConfig } from '../monitors/files.ts';
import { recentScanCosts } from '../schedule/costs.ts';
import { lastCoveredTimes } from '../schedule/coverage.ts';
import { DEFAULT_SCAN_CONCURRENCY, shardCount } from '../schedule/shards.ts';
import { openStore } from '../store/store.ts';
import { featureNotices, parseRequestedIds, planRun, type Plan } from './plan.ts';

/**
 * The `plan` step of .github/workflows/monitor.yml: reads the configs and the last scans,
 * decides, and hands the decision to the next jobs as step outputs. Its entry point is
 * scripts/tools/plan-step.ts, run with the environment below (set by the workflow).
 */

const flag = z.enum(['true', 'false', '']).transform((value) => value === 'true');
const planEnv = z.object({
  TECHSCAN_MONITORS: z.string().default(''),
  TECHSCAN_FORCE: flag.default(false),
  HAS_SMTP: flag.default(false),
  HAS_MAIL_FROM: flag.default(false),
  TECHSCAN_NOW: z.iso.datetime().optional(),
});

export async function planStep(env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<Plan> {
  const settings = planEnv.parse(env);
  const { monitors, settings: repoSettings } = await requireValidConfig(resolve(cwd, 'monitors'), cwd);
  const store = openStore(resolve(cwd, 'data'));
  const lastScans = await lastCoveredTimes(store, monitors);
  const now = settings.TECHSCAN_NOW ? new Date(settings.TECHSCAN_NOW) : new Date();
  const plan = planRun({
    monitors,
    settings: repoSettings,
    lastScans,
    now,
    request: { requested: parseRequestedIds(settings.TECHSCAN_MONITORS), force: settings.TECHSCAN_FORCE },
  });
  // The scanning jobs recompute the same split from the same commit and this `now`.
  const shards = shardCount(await recentScanCosts(store, plan.monitors), { ...repoSettings.fanOut, concurrency: DEFAULT_SCAN_CONCURRENCY });

  core.info(`Plan: ${plan.scan ? 'scan' : 'skip'} (${plan.reason})${shards > 1 ? `; ${shards} shards` : ''}`);
  core.setOutput('scan', plan.scan);
  core.setOutput('only', plan.only.join(' '));
  core.setOutput('force', plan.force);
  core.setOutput('github_issues', plan.githubIssues);
  core.setOutput('count', plan.monitors.length);
  core.setOutput('now', now.toISOString());
  core.setOutput('shards', shards);
  core.setOutput('matrix', JSON.stringify(Array.from({ length: shards }, (_, index) => index + 1)));
  if (plan.scan) {
    for (const notice of featureNotices({ smtp: settings.HAS_SMTP, mailFrom: settings.HAS_MAIL_FROM }, repoSettings)) core.notice(notice);
  }
  return plan;
}
