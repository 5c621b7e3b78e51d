import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { simpleGit, type SimpleGit } from 'simple-git';
import { tempDir } from './temp.ts';

/**
 * Real git repositories for tests: a bare remote in a temp dir, clones of it (full or shallow,
 * as actions/checkout makes them), and commits made the way a person or another run would.
 */

export const MAIN = 'main';
const TEST_PERSON = { name: 'Test Person', email: 'person@example.com' };

export type Files = Readonly<Record<string, string>>;

/** A git client for `dir` with a fixed identity, independent of the machine's git config. */
export function gitIn(dir: string): SimpleGit {
  return simpleGit({ baseDir: dir, config: [`user.name=${TEST_PERSON.name}`, `user.email=${TEST_PERSON.email}`] });
}

/** A bare repository whose `main` holds `files` in one commit. */
export async function bareRemote(files: Files = { 'README.md': '# test\n' }): Promise<string> {
  const remote = await tempDir('techscan-remote-');
  await simpleGit(remote).raw(['init', '--quiet', '--bare', `--initial-branch=${MAIN}`]);
  const seed = await tempDir('techscan-seed-');
  await gitIn(seed).raw(['init', '--quiet', `--initial-branch=${MAIN}`]);
  await commitFiles(seed, files, 'seed');
  await gitIn(seed).raw(['push', '--quiet', remote, `HEAD:refs/heads/${MAIN}`]);
  return remote;
}

/** A working clone of `remote` on `main`; `depth` makes a shallow clone like actions/checkout. */
export async function cloneOf(remote: string, { depth }: { depth?: number } = {}): Promise<string> {
  const dir = await tempDir('techscan-clone-');
  const source = depth === undefined ? remote : pathToFileURL(remote).href; // --depth needs a URL for local repos
  const depthArgs = depth === undefined ? [] : ['--depth', String(depth)];
  await simpleGit().raw(['clone', '--quiet', '--branch', MAIN, ...depthArgs, source, dir]);
  return dir;
}

export async function writeFiles(dir: string, files: Files): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

export async function appendText(dir: string, path: string, text: string): Promise<void> {
  const previous = await readFile(join(dir, path), 'utf8');
  await writeFile(join(dir, path), previous + text);
}

/** Writes `files` and commits everything as a person would. */
export async function commitFiles(dir: string, files: Files, message: string): Promise<string> {
  await writeFiles(dir, files);
  const git = gitIn(dir);
  await git.raw(['add', '--all']);
  await git.raw(['commit', '--quiet', '--message', message]);
  return (await git.revparse(['HEAD'])).trim();
}

/** Another party's commit on the remote's main (a merged pull request, another run). */
export async function pushFromAnotherClone(remote: string, change: (dir: string) => Promise<void>, message: string): Promise<string> {
  const other = await cloneOf(remote);
  await change(other);
  const git = gitIn(other);
  await git.raw(['add', '--all']);
  await git.raw(['commit', '--quiet', '--message', message]);
  await git.raw(['push', '--quiet', 'origin', `HEAD:refs/heads/${MAIN}`]);
  return (await git.revparse(['HEAD'])).trim();
}

/** Makes every push to `remote` fail, as a protected branch or a broken server would. */
export async function rejectPushes(remote: string, reason: string): Promise<void> {
  const hook = join(remote, 'hooks', 'pre-receive');
  await writeFile(hook, `#!/bin/sh\necho '${reason.replace(/'/g, '')}' >&2\nexit 1\n`);
  await chmod(hook, 0o755);
}

export interface LoggedCommit {
  readonly hash: string;
  readonly subject: string;
  readonly author: string;
  readonly committer: string;
  readonly parents: readonly string[];
}

/** The commits of `ref` in `dir` (a clone or a bare remote), newest first. */
export async function log(dir: string, ref = MAIN): Promise<LoggedCommit[]> {
  const out = await simpleGit(dir).raw(['log', '--format=%H%x1f%s%x1f%an <%ae>%x1f%cn <%ce>%x1f%P', ref]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [hash = '', subject = '', author = '', committer = '', parents = ''] = line.split('\x1f');
      return { hash, subject, author, committer, parents: parents.split(' ').filter(Boolean) };
    });
}

/** A file as the remote's main holds it. */
export async function remoteFile(remote: string, path: string): Promise<string> {
  return simpleGit(remote).raw(['show', `${MAIN}:${path}`]);
}

export async function status(dir: string): Promise<string> {
  return simpleGit(dir).raw(['status', '--porcelain']);
}
