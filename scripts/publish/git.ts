import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimpleGit } from 'simple-git';
import { PublishError } from './errors.ts';
import { rebaseOnto } from './rebase.ts';
import { checkedRelative, gitAs, gitMessage, head, typed, type Author } from './repo.ts';

export type { Author } from './repo.ts';

/**
 * Publishing data/ with git: one commit per run, pushed without force. When the branch moved
 * (another run, a merged pull request) the commit is rebased onto it and pushed again. JSONL
 * logs are append-only, so a rebase merges them line by line (git's built-in `union` driver):
 * both sides' records are kept. Any other conflict stops with the local commit intact.
 */

/** GitHub's own bot identity: commits show the Actions avatar and link to no person. */
export const GITHUB_ACTIONS_BOT: Author = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export const DEFAULT_REMOTE = 'origin';
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_RETRY_DELAY_MS = 2000;

export interface CommitOptions {
  readonly repoDir: string;
  /** Paths relative to repoDir whose changes (additions, edits, deletions) are committed. */
  readonly paths: readonly string[];
  readonly message: string;
  readonly author: Author;
}

export interface PushOptions {
  readonly repoDir: string;
  readonly author: Author;
  /** The data paths: their JSONL files merge line by line when the commit is rebased. */
  readonly paths: readonly string[];
  readonly remote?: string;
  /** The remote branch; the current branch when left out. */
  readonly branch?: string;
  readonly maxAttempts?: number;
  /** Wait before retrying a push that failed for a reason other than the branch moving; doubles each time. */
  readonly retryDelayMs?: number;
}

export type PublishOptions = CommitOptions & Omit<PushOptions, 'paths' | 'author'>;

export interface PublishResult {
  readonly committed: boolean;
  readonly pushed: boolean;
  readonly commit: string | null;
  readonly attempts: number;
}

/** Commit the data, then push it: nothing to commit means no commit and no push. */
export async function publishData(options: PublishOptions): Promise<PublishResult> {
  // Where to push is settled before committing, so a run that cannot publish leaves no commit behind.
  const branch = options.branch ?? (await typed('cannot publish', () => branchOf(options.repoDir, options.author)));
  const { committed, commit } = await commitData(options);
  if (!committed || commit === null) return { committed: false, pushed: false, commit: null, attempts: 0 };
  const pushed = await pushData({ ...options, branch });
  return { committed: true, pushed: true, commit: pushed.commit, attempts: pushed.attempts };
}

/** Stages every change under `paths` and commits only those paths (other staged work stays staged). */
export function commitData(options: CommitOptions): Promise<{ committed: boolean; commit: string | null }> {
  return typed('cannot commit the data', () => commitPaths(options));
}

async function commitPaths(options: CommitOptions): Promise<{ committed: boolean; commit: string | null }> {
  const git = gitAs(options.repoDir, options.author);
  await requireRepository(git, options.repoDir);
  const paths = await presentPaths(git, options.repoDir, options.paths);
  if (paths.length === 0) return { committed: false, commit: null };

  await git.raw(['add', '--all', '--', ...paths]);
  const staged = await git.raw(['diff', '--cached', '--name-only', '--', ...paths]);
  if (staged.trim() === '') return { committed: false, commit: null };

  await git.raw(['commit', '--quiet', '--message', options.message, '--', ...paths]);
  return { committed: true, commit: await head(git) };
}

/**
 * Pushes HEAD to the remote branch. A rejected push is followed by fetch and rebase when the
 * branch moved, or by a growing pause when it did not (network, server); after `maxAttempts`
 * the PublishError carries git's last message and the local commit is left as it is.
 */
export function pushData(options: PushOptions): Promise<{ commit: string; attempts: number }> {
  return typed('cannot push the data', () => pushWithRetries(options));
}

async function pushWithRetries(options: PushOptions): Promise<{ commit: string; attempts: number }> {
  const git = gitAs(options.repoDir, options.author);
  await requireRepository(git, options.repoDir);
  const remote = options.remote ?? DEFAULT_REMOTE;
  const branch = options.branch ?? (await currentBranch(git));
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;

  let lastFailure = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    try {
      await git.raw(['push', '--quiet', remote, `HEAD:refs/heads/${branch}`]);
      return { commit: await head(git), attempts: attempt };
    } catch (error) {
      lastFailure = gitMessage(error);
    }
    if (attempt === maxAttempts) break;
    const remoteTip = await fetchBranch(git, remote, branch);
    if (remoteTip !== null && (await isBehind(git, remoteTip))) {
      await rebaseOnto(options, remoteTip, attempt);
    } else {
      await sleep(retryDelayMs * 2 ** (attempt - 1));
    }
  }
  const commit = await head(git);
  throw new PublishError(
    `push to ${remote}/${branch} failed ${maxAttempts} time${maxAttempts === 1 ? '' : 's'}: ${lastFailure}. ` +
      `The data is committed locally as ${commit.slice(0, 12)}; push it with \`git push ${remote} HEAD:${branch}\`.`,
    commit,
    maxAttempts,
  );
}

async function requireRepository(git: SimpleGit, repoDir: string): Promise<void> {
  if (!existsSync(repoDir) || !(await git.checkIsRepo())) {
    throw new PublishError(`cannot publish: ${repoDir} is not a git repository`, null, 0);
  }
}

/** Paths that exist on disk or in the index; a data folder that was never written is skipped. */
async function presentPaths(git: SimpleGit, repoDir: string, paths: readonly string[]): Promise<string[]> {
  const present: string[] = [];
  for (const path of paths) {
    const relativePath = checkedRelative(repoDir, path);
    const tracked = await git.raw(['ls-files', '--', relativePath]);
    if (existsSync(join(repoDir, relativePath)) || tracked.trim() !== '') present.push(relativePath);
  }
  return present;
}

async function branchOf(repoDir: string, author: Author): Promise<string> {
  const git = gitAs(repoDir, author);
  await requireRepository(git, repoDir);
  return currentBranch(git);
}

async function currentBranch(git: SimpleGit): Promise<string> {
  const name = (await git.revparse(['--abbrev-ref', 'HEAD'])).trim();
  if (name === 'HEAD') {
    throw new PublishError('cannot publish from a detached HEAD without a branch name (pass the branch to push to)', null, 0);
  }
  return name;
}

/**
 * The remote branch's tip, or null when it cannot be fetched (unreachable, or a branch that
 * does not exist yet); the push failure that led here is what gets reported then.
 */
async function fetchBranch(git: SimpleGit, remote: string, branch: string): Promise<string | null> {
  try {
    await git.raw(['fetch', '--quiet', '--no-tags', remote, `refs/heads/${branch}`]);
  } catch {
    return null;
  }
  return (await git.revparse(['FETCH_HEAD'])).trim();
}

/** True when the remote has commits HEAD does not contain: the branch moved. */
async function isBehind(git: SimpleGit, remoteTip: string): Promise<boolean> {
  const count = await git.raw(['rev-list', '--count', `HEAD..${remoteTip}`]);
  return Number(count.trim()) > 0;
}
