import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { planStep } from '../../scripts/github/plan-step.ts';
import { readShardOutputs } from '../../scripts/store/shard-outputs.ts';
import { openStore } from '../../scripts/store/store.ts';
import { spawnCli } from '../helpers/cli.ts';
import { html, page, startFixtureServer } from '../helpers/fixture-server.ts';
import { bareRemote, cloneOf, gitIn, log, MAIN, remoteFile } from '../helpers/git.ts';
import { job } from '../helpers/records.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The fan-out as the workflow runs it, each job in its own shallow clone of a bare remote:
 * plan (shard count, matrix, now) → one CLI process per shard (`run --shard i/n --out`) →
 * the outputs gathered as download-artifact's merge-multiple does → `run --merge --publish`.
 * Real Chromium, fixture sites on 127.0.0.1.
 */

const SITES = ['alpha', 'bravo', 'charlie', 'delta'];
const SHARDS = 3;
const FIRST = '2026-11-28T12:30:00.000Z';
const SECOND = '2026-11-28T18:30:00.000Z';
const AN_HOUR_LATER = '2026-11-28T19:30:00.000Z';
/** Recorded scans of ten minutes each: 40 minutes at 5 at once is past a 1-minute target, capped at 3 shards. */
const TEN_MINUTES = 600_000;
const OFFLINE = { TECHSCAN_OFFLINE: '1' };

async function plan(remote: string, now: string): Promise<{ outputs: Record<string, string>; monitors: readonly string[] }> {
  const dir = await tempDir();
  const outputFile = join(dir, 'github-output');
  await writeFile(outputFile, '');
  vi.stubEnv('GITHUB_OUTPUT', outputFile);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const clone = await cloneOf(remote, { depth: 1 });
  const planned = await planStep({ TECHSCAN_NOW: now }, clone);
  vi.restoreAllMocks();
  const text = await readFile(outputFile, 'utf8');
  const outputs = Object.fromEntries([...text.matchAll(/^(\w+)<<(\S+)\n(.*)\n\2$/gm)].map((match) => [match[1] ?? '', match[3] ?? '']));
  return { outputs, monitors: planned.monitors };
}

/** Runs the given shards, each in its own clone, and gathers their outputs in one folder. */
async function shards(remote: string, now: string, count: number, which: readonly number[]): Promise<string> {
  const gathered = await tempDir();
  for (const index of which) {
    const clone = await cloneOf(remote, { depth: 1 });
    const out = join(await tempDir(), 'shard');
    const result = await spawnCli(['run', '--shard', `${index}/${count}`, '--now', now, '--out', out], { cwd: clone, env: OFFLINE });
    expect(result.code, result.stderr).toBe(0);
    expect(await gitIn(clone).raw(['status', '--porcelain', '--', 'data'])).toBe('');
    for (const name of await readdir(out)) await cp(join(out, name), join(gathered, name));
  }
  return gathered;
}

async function merge(remote: string, now: string, dir: string): Promise<void> {
  const clone = await cloneOf(remote, { depth: 1 });
  const result = await spawnCli(['run', '--merge', dir, '--now', now, '--publish'], { cwd: clone, env: OFFLINE });
  expect(result.code, result.stderr).toBe(0);
}

describe('fan-out end to end', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('plans shards, scans them in separate processes and publishes one commit; a lost shard is failed and due again', { timeout: 300_000 }, async () => {
    const routes = Object.fromEntries(SITES.map((site) => [`/${site}`, html(page(`<h1>${site}</h1><p>Plans and prices of ${site}.</p>`, { title: site }))]));
    const server = await startFixtureServer({ routes });
    onTestFinished(() => server.close());
    const remote = await bareRemote({
      'monitors/_settings.yaml': 'allowPrivateNetworks: true\nfanOut:\n  targetShardMinutes: 1\n  maxShards: 3\n',
      ...Object.fromEntries(SITES.map((site) => [`monitors/acme/${site}.yaml`, `name: ${site}\nurl: ${server.url(`/${site}`)}\nschedule: "0 */6 * * *"\n`])),
      'README.md': '# intel\n',
    });
    // Slow attempts that kept no scan: the monitors are still never scanned, but costly.
    const seed = await cloneOf(remote);
    await openStore(join(seed, 'data')).appendJobs(
      SITES.map((site) =>
        job({
          id: site,
          monitor: `acme/${site}`,
          runId: 'run-0',
          startedAt: '2026-11-27T00:00:00.000Z',
          durationMs: TEN_MINUTES,
          scanId: null,
          status: 'failed',
        }),
      ),
    );
    await gitIn(seed).raw(['add', '--all']);
    await gitIn(seed).raw(['commit', '--quiet', '--message', 'slow history']);
    await gitIn(seed).raw(['push', '--quiet', 'origin', `HEAD:refs/heads/${MAIN}`]);
    const before = (await log(remote)).length;

    const first = await plan(remote, FIRST);
    expect(first.outputs).toMatchObject({ scan: 'true', count: String(SITES.length), shards: String(SHARDS), matrix: '[1,2,3]', now: FIRST });
    const all = await shards(remote, FIRST, SHARDS, [1, 2, 3]);
    const outputs = await readShardOutputs([all]);
    expect(outputs.flatMap((output) => output.monitors).sort()).toEqual(SITES.map((site) => `acme/${site}`));
    await merge(remote, FIRST, all);

    const afterFirst = await log(remote);
    expect(afterFirst).toHaveLength(before + 1);
    expect(afterFirst[0]?.subject).toMatch(/^data: 4 scans/);
    for (const site of SITES) expect(JSON.parse(await remoteFile(remote, `data/monitors/acme/${site}/latest.json`))).toMatchObject({ ok: true });
    // The same artifacts merged again (a re-run of the merge job): nothing new to publish.
    await merge(remote, FIRST, all);
    expect(await log(remote)).toHaveLength(before + 1);

    // The next fire time: every monitor due again. The real scans were quick, so the plan would
    // now keep them in one job; the run is split in three anyway, and shard 3 never uploads.
    expect((await plan(remote, SECOND)).monitors).toHaveLength(SITES.length);
    const partial = await shards(remote, SECOND, SHARDS, [1, 2]);
    const scanned = (await readShardOutputs([partial])).flatMap((output) => output.monitors);
    const lost = SITES.map((site) => `acme/${site}`).filter((id) => !scanned.includes(id));
    expect(lost.length).toBeGreaterThan(0);
    await merge(remote, SECOND, partial);

    expect(await log(remote)).toHaveLength(before + 2);
    for (const id of lost) {
      const jobs = (await remoteFile(remote, `data/monitors/${id}/jobs/2026-11.jsonl`)).trim().split('\n');
      expect(JSON.parse(jobs.at(-1) ?? '{}')).toMatchObject({ status: 'failed', scanId: null, error: { kind: 'shard_lost' } });
    }
    expect((await plan(remote, AN_HOUR_LATER)).monitors.slice().sort()).toEqual(lost.sort());
  });
});
