import { spawn } from 'node:child_process';
import { access, cp, mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { ScanResult } from '../../schema/scan.ts';
import { sha256 } from '../../shared/hash.ts';
import type { Detector, Reported } from './replay.ts';
import { viewOf } from '../../changes/kinds/index.ts';

/**
 * The change detector as it was before content blocks, the settle rule and sampled performance
 * (commit LEGACY_COMMIT), for the benchmark to score on the same corpus beside today's. Its code
 * is taken from git history into `.techscan/legacy/<commit>/` (never committed) and imported
 * from there; the corpus's scan records are shown to it as it knew them: the page's text in one
 * piece (its blocks' wording joined) with its hash, one TTFB value.
 */

export const LEGACY_COMMIT = '90c2503';
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const legacyChanges = z.array(z.object({ type: z.string(), data: z.unknown() }));

type Callable = (...args: unknown[]) => unknown;
function isCallable(value: unknown): value is Callable {
  return typeof value === 'function';
}

/** The legacy detector, or the reason it is not available (a shallow clone lacks the commit). */
export async function loadLegacyDetector(
  monitorsDir: string,
): Promise<{ detect: (texts: (scan: ScanResult) => string) => Detector } | { unavailable: string }> {
  const dir = join(REPO_ROOT, '.techscan', 'legacy', LEGACY_COMMIT);
  try {
    await access(join(dir, 'scripts', 'changes', 'index.ts'));
  } catch {
    const extracted = await extract(dir);
    if (extracted !== null) return { unavailable: extracted };
  }
  const changes: unknown = await import(pathToFileURL(join(dir, 'scripts', 'changes', 'index.ts')).href);
  const files: unknown = await import(pathToFileURL(join(dir, 'scripts', 'monitors', 'files.ts')).href);
  const detectChanges = Reflect.get(Object(changes), 'detectChanges');
  const requireValidConfig = Reflect.get(Object(files), 'requireValidConfig');
  if (!isCallable(detectChanges) || !isCallable(requireValidConfig))
    return { unavailable: `commit ${LEGACY_COMMIT} has no detectChanges or requireValidConfig` };
  // Its settings schema predates allowPrivateNetworks: it reads the monitors without the settings file.
  const legacyMonitors = join(dir, 'monitors');
  await rm(legacyMonitors, { recursive: true, force: true });
  await cp(monitorsDir, legacyMonitors, { recursive: true, filter: (source) => basename(source) !== '_settings.yaml' });
  const config: unknown = await requireValidConfig(legacyMonitors, REPO_ROOT);
  const monitors = z.object({ monitors: z.array(z.looseObject({ id: z.string() })) }).parse(config).monitors;
  return {
    detect:
      (texts) =>
      ({ monitor, history, scan }) => {
        const legacyMonitor = monitors.find((candidate) => candidate.id === monitor.id);
        const previous = history.findLast((entry) => entry.ok);
        const input = {
          monitor: legacyMonitor,
          history: history.map(asLegacyScan(texts)),
          scan: asLegacyScan(texts)(scan),
          previousText: previous ? texts(previous) : null,
          text: scan.ok ? texts(scan) : null,
        };
        return legacyChanges.parse(detectChanges(input)).map((change): Reported => ({ type: change.type, subject: viewOf(change).subject }));
      },
  };
}

/** A version 2 scan as the legacy detector read scans: the text's hash, one TTFB value. */
function asLegacyScan(texts: (scan: ScanResult) => string): (scan: ScanResult) => unknown {
  return (scan) => {
    const { samples: _samples, ...performance } = scan.performance ?? { samples: undefined };
    const content = scan.content && {
      title: scan.content.title,
      description: scan.content.description,
      canonical: scan.content.canonical,
      headings: scan.content.headings,
      textHash: sha256(texts(scan)),
      wordCount: scan.content.wordCount,
    };
    return { ...scan, schemaVersion: 1, performance: scan.performance ? performance : null, content };
  };
}

/** `git archive <commit> scripts package.json | tar -x -C dir`, without a shell. */
async function extract(dir: string): Promise<string | null> {
  await mkdir(dir, { recursive: true });
  return new Promise((resolve) => {
    const archive = spawn('git', ['archive', '--format=tar', LEGACY_COMMIT, 'scripts', 'package.json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const untar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
    archive.stdout.pipe(untar.stdin);
    let errors = '';
    archive.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    untar.on('close', (code) =>
      resolve(
        code === 0 && errors === '' ? null : `commit ${LEGACY_COMMIT} could not be taken from git history (${errors.trim() || `tar exited with ${code}`})`,
      ),
    );
  });
}
