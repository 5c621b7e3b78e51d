import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.ts';

/**
 * The floors of scripts/, lowest first. A module may import from its own floor and the floors
 * below it, never from one above: a stage never depends on what wires it. A path belongs to
 * the floor of the longest entry that contains it; a new folder must be given a floor here.
 */
const FLOORS: readonly { readonly name: string; readonly paths: readonly string[] }[] = [
  { name: 'foundations: wording, figures, hashing, typed errors', paths: ['shared', 'errors.ts'] },
  // The change record's schema is read from the registry of change kinds, and the kinds are
  // built on the scan and monitor schemas: the two folders are one floor.
  { name: 'records: the schemas, and the change kinds with their pure detectors', paths: ['schema', 'changes'] },
  { name: 'store: data/ on disk', paths: ['store'] },
  { name: 'detect: fingerprint matching', paths: ['detect'] },
  { name: 'scan: the browser and HTTP edge', paths: ['scan'] },
  { name: 'schedule: when a monitor is due', paths: ['schedule'] },
  { name: 'monitors: loading and validating configs', paths: ['monitors'] },
  { name: 'insight: views of history shared by the digest and the site', paths: ['insight'] },
  { name: 'github: Actions annotations, job summary, issues API', paths: ['github'] },
  { name: 'digest: model, scheduling, rendering', paths: ['alerts/digest'] },
  { name: 'channels: email, webhook, GitHub issues', paths: ['alerts'] },
  { name: 'publish: commit and push data/', paths: ['publish'] },
  { name: 'run: one cycle wiring the stages', paths: ['run'] },
  { name: 'demo: the product on local sites', paths: ['demo'] },
  { name: 'cli: the commands and the top-level error handler', paths: ['cli', 'cli.ts'] },
  { name: 'entry points: developer tools, Actions steps, benchmarks', paths: ['tools', 'bench'] },
];

const SCRIPTS = join(REPO_ROOT, 'scripts');
const SOURCE = /\.(ts|mts|js|mjs)$/;

/** The floor's position, or null for a path no entry contains. */
function floorOf(path: string): number | null {
  let floor: number | null = null;
  let longest = 0;
  for (const [index, { paths }] of FLOORS.entries()) {
    for (const entry of paths) {
      const contains = path === entry || path.startsWith(`${entry}/`);
      if (contains && entry.length > longest) [floor, longest] = [index, entry.length];
    }
  }
  return floor;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && SOURCE.test(entry.name)).map((entry) => join(entry.parentPath, entry.name));
}

/** Every relative import of a file (static, dynamic, re-exports, type-only), as paths under scripts/. */
function importsOf(file: string, text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) =>
      relative(SCRIPTS, resolve(dirname(file), specifier))
        .split(sep)
        .join('/'),
    )
    .filter((path) => !path.startsWith('..'));
}

describe('floors of scripts/', () => {
  it('places every folder and top-level file of scripts/ on a floor', async () => {
    const unplaced = (await sourceFiles(SCRIPTS)).map((file) => relative(SCRIPTS, file).split(sep).join('/')).filter((path) => floorOf(path) === null);
    expect(unplaced).toEqual([]);
  });

  it('has no import that runs up a floor', async () => {
    const upward: string[] = [];
    for (const file of await sourceFiles(SCRIPTS)) {
      const from = relative(SCRIPTS, file).split(sep).join('/');
      const fromFloor = floorOf(from) ?? -1;
      for (const to of importsOf(file, await readFile(file, 'utf8'))) {
        const toFloor = floorOf(to) ?? FLOORS.length;
        if (toFloor > fromFloor) upward.push(`${from} → ${to} (${FLOORS[fromFloor]?.name ?? '?'} imports ${FLOORS[toFloor]?.name ?? 'an unplaced path'})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it.each([
    ['shared/wording.ts', 'store/store.ts'],
    ['errors.ts', 'monitors/problem.ts'],
    ['publish/git.ts', 'cli/io.ts'],
    ['alerts/digest/model.ts', 'alerts/channels/channel.ts'],
    ['schema/scan.ts', 'scan/index.ts'],
  ])('counts %s → %s as upward', (from, to) => {
    expect(floorOf(to)).toBeGreaterThan(floorOf(from) ?? Infinity);
  });
});
