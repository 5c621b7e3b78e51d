import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EXIT, TechscanError } from '../scripts/errors.ts';

/**
 * Builds the site as `npm run site:build` does, in child processes (Astro brings its own
 * Vite; the search index follows in a process of its own), from any data/ and monitors/ into
 * any folder. Tests, the benchmark and the demo use it.
 */

export const SITE_ROOT = fileURLToPath(new URL('.', import.meta.url));
const OUTPUT_TAIL_CHARS = 4000;

export interface BuildSiteOptions {
  readonly dataDir: string;
  readonly monitorsDir: string;
  readonly outDir: string;
  /** Path the site is served under (`/` or `/techscan/`); default from settings and environment. */
  readonly base?: string;
  /** Published URL, for absolute links in feeds. */
  readonly siteUrl?: string;
  /** owner/name for "edit" and "scan now" links; null leaves them out, undefined keeps $GITHUB_REPOSITORY. */
  readonly repository?: string | null;
  /** The time the build decides with; default the clock. */
  readonly now?: Date;
  /** Called with each build process's id once it started (the benchmark samples their memory). */
  readonly onStart?: (pid: number) => void;
}

export interface BuildSiteResult {
  readonly durationMs: number;
  readonly output: string;
}

export class SiteBuildError extends TechscanError {
  readonly exitCode = EXIT.problems;
}

export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'techscan-site-cache-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    TECHSCAN_DATA: options.dataDir,
    TECHSCAN_MONITORS: options.monitorsDir,
    TECHSCAN_SITE_OUT: options.outDir,
    TECHSCAN_SITE_CACHE: cacheDir,
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  if (options.base !== undefined) env.SITE_BASE = options.base;
  if (options.siteUrl !== undefined) env.TECHSCAN_SITE_URL = options.siteUrl;
  if (options.repository !== undefined) env.GITHUB_REPOSITORY = options.repository ?? undefined;
  if (options.now !== undefined) env.TECHSCAN_NOW = options.now.toISOString();
  const started = Date.now();
  try {
    const astro = await run(process.execPath, [astroBin(), 'build', '--root', SITE_ROOT], env, options.onStart);
    if (astro.code !== 0) throw new SiteBuildError(`site build failed (exit ${astro.code}):\n${astro.output.slice(-OUTPUT_TAIL_CHARS)}`);
    const search = await run(process.execPath, ['--import', tsxLoader(), SEARCH_INDEX_TOOL], env, options.onStart);
    const output = `${astro.output}${search.output}`;
    if (search.code !== 0) throw new SiteBuildError(`site search index failed (exit ${search.code}):\n${search.output.slice(-OUTPUT_TAIL_CHARS)}`);
    return { durationMs: Date.now() - started, output };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

const SEARCH_INDEX_TOOL = fileURLToPath(new URL('../scripts/tools/search-index.ts', import.meta.url));

/** tsx by absolute path, so the child finds it whatever its working directory. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

function astroBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('astro/package.json')), 'astro.js');
}

function run(
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  onStart: ((pid: number) => void) | undefined,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: dirname(SITE_ROOT), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
    if (child.pid !== undefined) onStart?.(child.pid);
  });
}
