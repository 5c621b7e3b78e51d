import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { page, startFixtureServer, html } from '../helpers/fixture-server.ts';
import { appendText, bareRemote, cloneOf, log, pushFromAnotherClone, remoteFile, status } from '../helpers/git.ts';

/**
 * `run --publish` as a scheduled workflow uses it: scan, record, commit data/ as the bot and
 * push — on top of whatever landed on the branch meanwhile.
 */
describe('run --publish', () => {
  it('commits data/ once as the bot and pushes it on top of a concurrent commit', { timeout: 90_000 }, async () => {
    const server = await startFixtureServer({ routes: { '/': html(page('<h1>Rival</h1><p>Prices and plans.</p>', { title: 'Rival' })) } });
    onTestFinished(() => server.close());
    const monitor = `name: Rival\nurl: ${server.url('/')}\nschedule: "0 */6 * * *"\n`;
    const remote = await bareRemote({
      'monitors/_settings.yaml': 'allowPrivateNetworks: true\n',
      'monitors/acme/rival.yaml': monitor,
      'data/README.md': '# data\n',
      'README.md': '# intel\n',
    });
    const clone = await cloneOf(remote);
    // Someone merges a pull request while the run is on its way.
    await pushFromAnotherClone(remote, (dir) => appendText(dir, 'README.md', 'A line from a merged pull request.\n'), 'Merge pull request #7');

    const result = await runCli(['run', '--publish', '--now', '2026-11-28T12:30:00Z'], { cwd: clone, env: { TECHSCAN_OFFLINE: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Published [0-9a-f]{7} \(2 push attempts\)/);

    const [ours, theirs] = await log(remote);
    expect(ours?.subject).toBe('data: 1 scan, no changes');
    expect(ours?.author).toBe('github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>');
    expect(theirs?.subject).toBe('Merge pull request #7');
    expect(ours?.parents).toEqual([theirs?.hash]);
    expect(await remoteFile(remote, 'README.md')).toContain('A line from a merged pull request.');
    expect(JSON.parse(await remoteFile(remote, 'data/monitors/acme/rival/latest.json'))).toMatchObject({ monitor: 'acme/rival', ok: true });
    expect(await status(clone)).toBe('');

    // Nothing due at the same time: no run, no commit.
    const again = await runCli(['run', '--publish', '--now', '2026-11-28T12:30:00Z'], { cwd: clone, env: { TECHSCAN_OFFLINE: '1' } });
    expect(again.code).toBe(0);
    expect((await log(remote)).length).toBe(3);
  });
});
