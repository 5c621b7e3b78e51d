import * as core from '@actions/core';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simpleGit } from 'simple-git';
import { z } from 'zod';
import { requireValidConfig } from '../monitors/files.ts';
import type { Monitor } from '../schema/monitor.ts';
import { scanResultSchema } from '../schema/scan.ts';
import { errorMessage } from '../shared/wording.ts';
import { annotatePreviews, MAX_PREVIEWS, monitorsTouched, renderPreview, type Preview } from './preview.ts';
import { annotatePrivateNetworksChange, privateNetworksChange, SETTINGS_PATH } from './private-networks.ts';

/**
 * The `preview` step of .github/workflows/validate.yml (entry point: scripts/tools/preview-step.ts): which monitors the pull request adds or
 * changes (git diff of the merge commit against its base), a light scan of each through the
 * `scan` command, the results in the job summary and as annotations on the diff. Runs with a
 * read-only token and no secrets, so it is safe for pull requests from forks.
 */

const CLI_ENTRY = fileURLToPath(new URL('../cli.ts', import.meta.url));
const SCAN_GRACE_MS = 30_000;
const MS_PER_SECOND = 1000;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
const run = promisify(execFile);

export type ScanUrl = (monitor: Monitor) => Promise<Pick<Preview, 'result' | 'failure'>>;

/**
 * `npm run techscan -- scan <url> --depth light --json` as a child process (arguments, no shell).
 * Never with --allow-private-networks: a fork's pull request must not make the runner read its
 * own metadata service or local ports, whatever monitors/_settings.yaml says.
 */
export const scanWithCli: ScanUrl = async (monitor) => {
  const args = ['--import', 'tsx', CLI_ENTRY, 'scan', monitor.url, '--depth', 'light', '--json'];
  const timeout = monitor.scan.timeoutSeconds * MS_PER_SECOND + SCAN_GRACE_MS;
  const outcome = await run(process.execPath, args, { timeout, maxBuffer: MAX_OUTPUT_BYTES }).then(
    ({ stdout }) => ({ stdout, failure: null }),
    (error: unknown) => {
      const parsed = z.object({ stdout: z.string().default(''), stderr: z.string().default('') }).safeParse(error);
      const stderr = parsed.success ? parsed.data.stderr : '';
      const lastLine = stderr.trim().split('\n').at(-1) ?? '';
      return { stdout: parsed.success ? parsed.data.stdout : '', failure: lastLine || errorMessage(error) };
    },
  );
  const result = parseScan(outcome.stdout);
  return result === null ? { result: null, failure: outcome.failure ?? 'the scan printed no result' } : { result, failure: null };
};

function parseScan(stdout: string): Preview['result'] {
  if (stdout.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return null;
  }
  const parsed = scanResultSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export interface PreviewStepOptions {
  readonly cwd: string;
  /** The commit the pull request is compared with (the merge commit's first parent). */
  readonly base: string;
  readonly head: string;
  readonly scan?: ScanUrl;
}

export async function previewStep(options: PreviewStepOptions): Promise<Preview[]> {
  const git = simpleGit(options.cwd);
  const diff = await git.raw(['diff', '--name-only', '--diff-filter=AMR', options.base, options.head, '--', 'monitors/']);
  // A commit without the settings file has the defaults; any other git failure stops the step.
  const fileAt = (commit: string) =>
    git.show([`${commit}:${SETTINGS_PATH}`]).catch((error: unknown) => {
      if (error instanceof Error && /does not exist in|exists on disk, but not in/.test(error.message)) return null;
      throw error;
    });
  const settingsChange = privateNetworksChange(await fileAt(options.base), await fileAt(options.head));
  if (settingsChange) annotatePrivateNetworksChange(settingsChange);
  const { monitors } = await requireValidConfig(resolve(options.cwd, 'monitors'), options.cwd);
  const touched = monitorsTouched(diff.split('\n').filter(Boolean), monitors);
  const scan = options.scan ?? scanWithCli;
  const previews: Preview[] = [];
  for (const monitor of touched.slice(0, MAX_PREVIEWS)) {
    core.info(`Previewing ${monitor.id}: ${monitor.url}`);
    previews.push({ monitor, ...(await scan(monitor)) });
  }
  await core.summary.addRaw(renderPreview(previews, Math.max(0, touched.length - MAX_PREVIEWS))).write();
  annotatePreviews(previews);
  return previews;
}

/** The commits to compare, from the workflow's environment: the merge commit and its first parent by default. */
export const previewEnv = z.object({ PREVIEW_BASE: z.string().default('HEAD^1'), PREVIEW_HEAD: z.string().default('HEAD') });
