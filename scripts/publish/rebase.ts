import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { PublishConflictError, PublishError } from './errors.ts';
import { checkedRelative, gitAs, gitMessage, head, type Author } from './repo.ts';

/**
 * Replays the local data commit on top of a branch that moved. JSONL logs are append-only, so
 * they merge line by line with git's built-in `union` driver (given through a temporary
 * attributes file: nothing in the repository changes). Any other conflict undoes the rebase
 * and stops with PublishConflictError, the local commit as it was.
 */
export async function rebaseOnto(
  options: { readonly repoDir: string; readonly author: Author; readonly paths: readonly string[] },
  remoteTip: string,
  attempts: number,
): Promise<void> {
  const attributesDir = await mkdtemp(join(tmpdir(), 'techscan-publish-'));
  const attributesFile = join(attributesDir, 'attributes');
  try {
    const prefix = (await gitAs(options.repoDir, options.author).revparse(['--show-prefix'])).trim();
    const fromTop = options.paths.map((path) => join(prefix, checkedRelative(options.repoDir, path)));
    await writeFile(attributesFile, unionMergeAttributes(fromTop));
    const git = gitAs(options.repoDir, options.author, [`core.attributesFile=${attributesFile}`]);
    try {
      await git.raw(['rebase', '--quiet', '--autostash', remoteTip]);
    } catch (error) {
      const conflicts = (await git.raw(['diff', '--name-only', '--diff-filter=U'])).split('\n').filter(Boolean);
      if (await rebaseInProgress(git, options.repoDir)) await git.raw(['rebase', '--abort']);
      const commit = await head(git);
      if (conflicts.length > 0) throw new PublishConflictError(conflicts, commit, attempts);
      throw new PublishError(`cannot rebase onto the moved branch: ${gitMessage(error)}`, commit, attempts);
    }
  } finally {
    await rm(attributesDir, { recursive: true, force: true });
  }
}

/** `/data/**\/*.jsonl merge=union` per data path (relative to the top level). */
export function unionMergeAttributes(paths: readonly string[]): string {
  return paths
    .map((path) => path.split(sep).join('/').replace(/\/+$/, ''))
    .map((path) => (path === '.' || path === '' ? '*.jsonl merge=union' : `/${path}/**/*.jsonl merge=union`))
    .map((line) => `${line}\n`)
    .join('');
}

async function rebaseInProgress(git: SimpleGit, repoDir: string): Promise<boolean> {
  for (const state of ['rebase-merge', 'rebase-apply']) {
    const path = (await git.revparse(['--git-path', state])).trim();
    if (existsSync(resolve(repoDir, path))) return true;
  }
  return false;
}
