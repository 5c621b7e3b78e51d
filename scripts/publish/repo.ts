import { isAbsolute, relative, resolve, sep } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { PublishError } from './errors.ts';

/** The git plumbing the publisher shares: an identity, HEAD, paths inside the repository, messages. */

export interface Author {
  readonly name: string;
  readonly email: string;
}

/** A git client that commits as `author` (author and committer both: a CI runner has no git identity of its own). */
export function gitAs(repoDir: string, author: Author, extraConfig: readonly string[] = []): SimpleGit {
  return simpleGit({
    baseDir: repoDir,
    config: [`user.name=${author.name}`, `user.email=${author.email}`, ...extraConfig],
  });
}

export async function head(git: SimpleGit): Promise<string> {
  return (await git.revparse(['HEAD'])).trim();
}

/** `path` relative to the repository directory; a path outside it is refused. */
export function checkedRelative(repoDir: string, path: string): string {
  const relativePath = relative(repoDir, resolve(repoDir, path));
  if (relativePath === '..' || relativePath.startsWith(`..${sep}`) || isAbsolute(relativePath)) {
    throw new PublishError(`cannot publish ${path}: paths must lie inside ${repoDir}`, null, 0);
  }
  return relativePath === '' ? '.' : relativePath;
}

const GIT_MESSAGE_LINES = 4;

/** Git's own lines (the server's `remote:` reason included), without hints and the URL line. */
export function gitMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(To |hint:)/.test(line))
    .slice(-GIT_MESSAGE_LINES)
    .join(' / ');
}

/** Git failing in a way the publisher does not expect (a hook, a locked index) is still a typed error. */
export async function typed<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof PublishError) throw error;
    throw new PublishError(`${what}: ${gitMessage(error)}`, null, 0);
  }
}
