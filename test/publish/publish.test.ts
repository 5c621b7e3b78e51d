import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitData, GITHUB_ACTIONS_BOT, publishData, pushData } from '../../scripts/publish/index.ts';
import { PublishConflictError, PublishError } from '../../scripts/publish/errors.ts';
import { appendText, bareRemote, cloneOf, gitIn, log, pushFromAnotherClone, rejectPushes, remoteFile, status, writeFiles } from '../helpers/git.ts';
import { tempDir } from '../helpers/temp.ts';

const BOT = `${GITHUB_ACTIONS_BOT.name} <${GITHUB_ACTIONS_BOT.email}>`;
const RUNS_LOG = 'data/runs/2026-11.jsonl';
const LATEST = 'data/monitors/acme/competitor-x/latest.json';
const SEED = {
  'README.md': '# monitors\n',
  [RUNS_LOG]: '{"id":"run-1"}\n',
  [LATEST]: '{\n  "id": "scan-1"\n}\n',
};
const MESSAGE = 'data: 1 scan, no changes';

/** What one run leaves in data/: a new latest scan, a runs line, a first scan of a new monitor. */
async function writeRunData(dir: string): Promise<void> {
  await writeFiles(dir, {
    [LATEST]: '{\n  "id": "scan-2"\n}\n',
    'data/monitors/globex/ledgerly/latest.json': '{\n  "id": "scan-3"\n}\n',
  });
  await appendText(dir, RUNS_LOG, '{"id":"run-ours"}\n');
}

const publish = (repoDir: string, extra: { maxAttempts?: number } = {}) =>
  publishData({ repoDir, paths: ['data'], message: MESSAGE, author: GITHUB_ACTIONS_BOT, retryDelayMs: 0, ...extra });

describe('publishData against a real bare remote', () => {
  it('commits data/ once, as the bot, and pushes it', async () => {
    const remote = await bareRemote(SEED);
    const clone = await cloneOf(remote);
    await writeRunData(clone);

    const result = await publish(clone);

    expect(result).toMatchObject({ committed: true, pushed: true, attempts: 1 });
    const [top, seed] = await log(remote);
    expect(top).toMatchObject({ hash: result.commit, subject: MESSAGE, author: BOT, committer: BOT });
    expect(top?.parents).toEqual([seed?.hash]);
    expect(await remoteFile(remote, 'data/monitors/globex/ledgerly/latest.json')).toContain('scan-3');
    expect(await status(clone)).toBe('');
  });

  it('makes no commit and no push when the run changed nothing', async () => {
    const remote = await bareRemote(SEED);
    const clone = await cloneOf(remote);
    const before = await log(clone);

    expect(await publish(clone)).toEqual({ committed: false, pushed: false, commit: null, attempts: 0 });
    expect(await log(clone)).toEqual(before);
    expect(await log(remote)).toEqual(before);
  });

  it('commits only the data paths, leaving other work (staged or not) as it was', async () => {
    const remote = await bareRemote(SEED);
    const clone = await cloneOf(remote);
    await writeRunData(clone);
    await writeFiles(clone, { 'README.md': '# edited, not staged\n', 'notes.txt': 'staged\n' });
    await gitIn(clone).raw(['add', 'notes.txt']);

    const result = await publish(clone);

    const changed = await gitIn(remote).raw(['show', '--name-only', '--format=', String(result.commit)]);
    expect(changed.split('\n').filter(Boolean).sort()).toEqual([
      'data/monitors/acme/competitor-x/latest.json',
      'data/monitors/globex/ledgerly/latest.json',
      RUNS_LOG,
    ]);
    expect((await status(clone)).split('\n').filter(Boolean).sort()).toEqual([' M README.md', 'A  notes.txt']);
  });

  it('commits deletions under data/ too', async () => {
    const remote = await bareRemote(SEED);
    const clone = await cloneOf(remote);
    await gitIn(clone).raw(['rm', '--quiet', '--cached', LATEST]);
    await rm(join(clone, LATEST));

    expect(await publish(clone)).toMatchObject({ committed: true, pushed: true });
    await expect(remoteFile(remote, LATEST)).rejects.toThrow();
  });

  it.each([
    { name: 'a full clone', depth: undefined },
    { name: 'a shallow clone, as actions/checkout makes', depth: 1 },
  ])('keeps a commit pushed between our commit and our push, and lands on top of it ($name)', async ({ depth }) => {
    const remote = await bareRemote(SEED);
    const clone = await cloneOf(remote, { depth });
    await writeRunData(clone);
    const ours = await commitData({ repoDir: clone, paths: ['data'], message: MESSAGE, author: GITHUB_ACTIONS_BOT });
    expect(ours.committed).toBe(true);

    // Meanwhile: a pull request adds a monitor, and a local run appends to the same runs log.
    const theirs = await pushFromAnotherClone(
      remote,
      async (dir) => {
        await writeFiles(dir, { 'monitors/acme/newcomer.yaml': 'name: Newcomer\n' });
        await appendText(dir, RUNS_LOG, '{"id":"run-theirs"}\n');
      },
      'Add newcomer; data: 1 scan',
    );

    const pushed = await pushData({ repoDir: clone, paths: ['data'], author: GITHUB_ACTIONS_BOT, retryDelayMs: 0 });

    expect(pushed.attempts).toBe(2);
    const [top, second] = await log(remote);
    expect(top).toMatchObject({ hash: pushed.commit, subject: MESSAGE, author: BOT, parents: [theirs] });
    expect(second?.hash).toBe(theirs);
    expect(await remoteFile(remote, 'monitors/acme/newcomer.yaml')).toBe('name: Newcomer\n');
    expect(await remoteFile(remote, RUNS_LOG)).toBe('{"id":"run-1"}\n{"id":"run-theirs"}\n{"id":"run-ours"}\n');
    expect(await remoteFile(remote, LATEST)).toContain('scan-2');
    expect(await readFile(join(clone, RUNS_LOG), 'utf8')).toBe(await remoteFile(remote, RUNS_LOG));
  });

  it('stops with a typed error and the local commit intact when the other side rewrote the same file', async () => {
    const remote = await bareRemote(SEED);
    const clone = await cloneOf(remote);
    await writeRunData(clone);
    const ours = await commitData({ repoDir: clone, paths: ['data'], message: MESSAGE, author: GITHUB_ACTIONS_BOT });
    await pushFromAnotherClone(remote, (dir) => writeFiles(dir, { [LATEST]: '{\n  "id": "scan-theirs"\n}\n' }), 'their scan');

    const error = await pushData({ repoDir: clone, paths: ['data'], author: GITHUB_ACTIONS_BOT, retryDelayMs: 0 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PublishConflictError);
    expect(error).toMatchObject({ files: [LATEST], commit: ours.commit });
    expect((await log(clone))[0]?.hash).toBe(ours.commit);
    expect(await readFile(join(clone, LATEST), 'utf8')).toContain('scan-2');
    expect(await status(clone)).toBe('');
  });

  it('gives a clear error after a push that keeps failing, with the local data intact', async () => {
    const remote = await bareRemote(SEED);
    await rejectPushes(remote, 'protected branch: pushes are not allowed');
    const clone = await cloneOf(remote);
    await writeRunData(clone);
    const remoteBefore = await log(remote);

    const error = await publish(clone, { maxAttempts: 3 }).catch((caught: unknown) => caught);

    if (!(error instanceof PublishError)) throw new Error(`expected a PublishError, got ${String(error)}`);
    expect(error).not.toBeInstanceOf(PublishConflictError);
    const failure = error;
    expect(failure.attempts).toBe(3);
    expect(failure.exitCode).toBe(3);
    expect(failure.message).toMatch(/^push to origin\/main failed 3 times: .*protected branch: pushes are not allowed/);
    expect(failure.message).toContain(`committed locally as ${String(failure.commit).slice(0, 12)}`);
    const [top] = await log(clone);
    expect(top).toMatchObject({ hash: failure.commit, subject: MESSAGE });
    expect(await readFile(join(clone, LATEST), 'utf8')).toContain('scan-2');
    expect(await readFile(join(clone, RUNS_LOG), 'utf8')).toBe('{"id":"run-1"}\n{"id":"run-ours"}\n');
    expect(await status(clone)).toBe('');
    expect(await log(remote)).toEqual(remoteBefore);
  });

  it('rebases with unrelated local edits in the working tree and keeps them', async () => {
    const remote = await bareRemote(SEED);
    const clone = await cloneOf(remote);
    await writeRunData(clone);
    await writeFiles(clone, { 'README.md': '# a local edit\n' });
    await pushFromAnotherClone(remote, (dir) => writeFiles(dir, { 'monitors/acme/newcomer.yaml': 'name: Newcomer\n' }), 'Add newcomer');

    expect(await publish(clone)).toMatchObject({ committed: true, pushed: true, attempts: 2 });
    expect(await readFile(join(clone, 'README.md'), 'utf8')).toBe('# a local edit\n');
    expect(await status(clone)).toBe(' M README.md\n');
  });

  it('turns a failing commit hook into a typed error and leaves the data in place', async () => {
    const remote = await bareRemote(SEED);
    const clone = await cloneOf(remote);
    await writeRunData(clone);
    const hook = join(clone, '.git', 'hooks', 'pre-commit');
    await writeFile(hook, '#!/bin/sh\necho "lint failed" >&2\nexit 1\n');
    await chmod(hook, 0o755);

    const error = await publish(clone).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PublishError);
    expect(String(error)).toMatch(/cannot commit the data: .*lint failed/);
    expect(await readFile(join(clone, LATEST), 'utf8')).toContain('scan-2');
    expect(await log(remote)).toHaveLength(1);
  });

  it('publishes from a detached HEAD to the branch it is given, and asks for one otherwise', async () => {
    const remote = await bareRemote(SEED);
    const clone = await cloneOf(remote);
    await gitIn(clone).raw(['checkout', '--quiet', '--detach']);
    await writeRunData(clone);

    const before = await log(clone, 'HEAD');
    await expect(publish(clone)).rejects.toThrow(/detached HEAD without a branch name/);
    expect(await log(clone, 'HEAD')).toEqual(before);

    const result = await publishData({ repoDir: clone, paths: ['data'], message: MESSAGE, author: GITHUB_ACTIONS_BOT, branch: 'main' });
    expect(result).toMatchObject({ committed: true, pushed: true });
    expect((await log(remote))[0]).toMatchObject({ hash: result.commit, subject: MESSAGE });
  });

  it('makes no commit when the data folder was never written', async () => {
    const remote = await bareRemote({ 'README.md': '# no data yet\n' });
    const clone = await cloneOf(remote);
    expect(await publish(clone)).toEqual({ committed: false, pushed: false, commit: null, attempts: 0 });
  });

  it.each([
    { name: 'a directory that is not a git repository', setup: () => tempDir(), paths: ['data'], message: /is not a git repository/ },
    { name: 'a path outside the repository', setup: async () => cloneOf(await bareRemote(SEED)), paths: ['../elsewhere'], message: /must lie inside/ },
  ])('refuses $name', async ({ setup, paths, message }) => {
    const dir = await setup();
    await expect(publishData({ repoDir: dir, paths, message: MESSAGE, author: GITHUB_ACTIONS_BOT })).rejects.toThrow(message);
  });
});
