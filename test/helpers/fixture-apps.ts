import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'vite';
import { contentHash } from '../../scripts/shared/hash.ts';
import { REPO_ROOT } from './paths.ts';

/**
 * Fixture apps built from real packages in node_modules (test/fixtures/apps/<name>/), the way
 * their authors would build them for production: Vite for the single-page apps, `next build`
 * for the Next.js static export. Each build is cached under node_modules/.cache by a hash of
 * its inputs (its files, the versions of the packages it is built from, this file's build
 * settings), so a test run builds an app once and later runs reuse it.
 */

export const APPS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'apps');
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'techscan-fixture-apps');
/** Bump when the build settings below change in a way the inputs do not show. */
const BUILD_SETTINGS = 1;

export interface FixtureApp {
  /** The folder under test/fixtures/apps. */
  readonly name: string;
  /** Packages the app is built from, resolved from its folder (their versions are part of the cache key). */
  readonly packages: readonly string[];
  readonly builder: 'vite' | 'next';
}

export const FIXTURE_APPS = {
  react18: { name: 'react-18', packages: ['react', 'react-dom', 'vite'], builder: 'vite' },
  react19: { name: 'react-19', packages: ['react', 'react-dom', 'vite'], builder: 'vite' },
  vue3: { name: 'vue-3', packages: ['vue', 'vite'], builder: 'vite' },
  vitepressStyle: { name: 'vitepress-style', packages: ['vue', 'vite'], builder: 'vite' },
  svelte5: { name: 'svelte-5', packages: ['svelte', 'vite'], builder: 'vite' },
  nextExport: { name: 'next-export', packages: ['next', 'react', 'react-dom'], builder: 'next' },
} as const satisfies Record<string, FixtureApp>;

/** The version of `name` that the app in `appDir` resolves. */
export async function packageVersion(appDir: string, name: string): Promise<string> {
  const require = createRequire(join(appDir, 'package.json'));
  const manifest: unknown = JSON.parse(await readFile(require.resolve(`${name}/package.json`), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, 'version') : undefined;
  if (typeof version !== 'string') throw new Error(`${name} has no version in its package.json`);
  return version;
}

const SKIPPED = new Set(['node_modules', 'out', '.next']);

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(path)));
    else files.push(path);
  }
  return files.sort();
}

async function inputsHash(app: FixtureApp, appDir: string): Promise<string> {
  const files = await sourceFiles(appDir);
  return contentHash({
    settings: BUILD_SETTINGS,
    files: await Promise.all(files.map(async (file) => [relative(appDir, file), await readFile(file, 'utf8')])),
    packages: await Promise.all(app.packages.map(async (name) => [name, await packageVersion(appDir, name)])),
  });
}

/** Svelte components compiled with the installed compiler, as the official plugin would for a client build. */
function svelteComponents(): Plugin {
  return {
    name: 'techscan-fixture-svelte',
    async transform(code, id) {
      if (!id.endsWith('.svelte')) return null;
      const { compile } = await import('svelte/compiler');
      const { js } = compile(code, { filename: id, generate: 'client', css: 'injected' });
      return { code: js.code, map: js.map };
    },
  };
}

async function viteBuild(appDir: string, outDir: string): Promise<void> {
  await build({
    root: appDir,
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    plugins: [svelteComponents()],
    resolve: { extensions: ['.mjs', '.js', '.json', '.svelte'], conditions: ['browser'] },
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });
}

const execFileAsync = promisify(execFile);

async function nextBuild(appDir: string, outDir: string): Promise<void> {
  // `next build` writes .next/ and out/ inside the app (both git-ignored); out/ is the export.
  const next = createRequire(join(appDir, 'package.json')).resolve('next/dist/bin/next');
  await execFileAsync(process.execPath, [next, 'build', appDir], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, maxBuffer: 16 * 1024 * 1024 });
  await cp(join(appDir, 'out'), outDir, { recursive: true });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

const building = new Map<string, Promise<string>>();

/** The folder of the app's production build, built now unless a build of the same inputs is cached. */
export function builtApp(app: FixtureApp): Promise<string> {
  let pending = building.get(app.name);
  if (!pending) {
    pending = buildOnce(app);
    building.set(app.name, pending);
  }
  return pending;
}

async function buildOnce(app: FixtureApp): Promise<string> {
  const appDir = join(APPS_DIR, app.name);
  const target = join(CACHE_DIR, `${app.name}-${await inputsHash(app, appDir)}`);
  if (await exists(target)) return target;
  const temporary = `${target}.${process.pid}.tmp`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(CACHE_DIR, { recursive: true });
  if (app.builder === 'vite') await viteBuild(appDir, temporary);
  else await nextBuild(appDir, temporary);
  // Another test process may have finished the same build first: either copy is the same.
  await rename(temporary, target).catch(async (error: unknown) => {
    if (!(await exists(target))) throw error;
    await rm(temporary, { recursive: true, force: true });
  });
  return target;
}
