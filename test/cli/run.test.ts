import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobSchema } from '../../scripts/schema/job.ts';
import { runSchema } from '../../scripts/schema/run.ts';
import { alertsFor, openAlertQueue } from '../../scripts/alerts/index.ts';
import { monitor, technologyAdded } from '../alerts/fixtures.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

describe('run on the command line', () => {
  it('--dry-run shows what is due and why, and writes nothing', async () => {
    const data = await tempDir();
    const result = await runCli(['run', '--dry-run', '--data', data, '--now', '2026-11-28T13:20:00Z']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^MONITOR\s+DUE\s+REASON\s+SCHEDULED FOR\s+NEXT DUE$/);
    expect(lines.slice(2).map((line) => line.split(/\s{2,}/).slice(0, 3))).toEqual([
      ['acme/cartly', 'yes', 'never-scanned'],
      ['acme/shopwave', 'yes', 'never-scanned'],
      ['globex/ledgerly', 'yes', 'never-scanned'],
      ['globex/paynest', 'yes', 'never-scanned'],
    ]);
    expect(result.stderr).toBe('');
  });

  it.each([
    [['run', '--only', 'acme/shopwav'], 'techscan run: --only: no monitor "acme/shopwav" (did you mean "acme/shopwave"?)', 2],
    [['run', '--concurrency', '0'], 'techscan run: --concurrency: "0" is not a whole number from 1 to 50', 2],
    [['run', '--monitors', 'test/fixtures/monitors-broken'], 'techscan run: 25 problems in monitor configs; run `npm run techscan -- validate` to see them', 1],
    [['run', '--shard', '1/2', '--out', 'x'], 'techscan run: --shard needs --now: every shard and the merge decide with the same time', 2],
    [['run', '--shard', '3/2', '--out', 'x', '--now', '2026-11-28T12:30:00Z'], 'techscan run: --shard: "3/2" is not i/n with 1 ≤ i ≤ n ≤ 256 (e.g. 2/3)', 2],
    [['run', '--shard', '1/2', '--now', '2026-11-28T12:30:00Z'], 'techscan run: --shard needs --out <dir> for its output', 2],
    [['run', '--shard', '1/2', '--out', 'x', '--publish'], 'techscan run: --shard publishes nothing: publish with the --merge job', 2],
    [['run', '--shard', '1/2', '--merge', 'x'], 'techscan run: --shard and --merge are separate jobs: give one of them', 2],
    [['run', '--merge', 'x'], 'techscan run: --merge needs --now: every shard and the merge decide with the same time', 2],
    [['run', '--out', 'x'], 'techscan run: --out is where --shard writes; give --shard i/n', 2],
  ])('fails fast: %j', async (argv, message, code) => {
    const result = await runCli([...argv, '--data', await tempDir()]);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(message);
    expect(result.code).toBe(code);
  });

  it('--merge with no shard output records every due monitor as lost, without a browser', async () => {
    const data = await tempDir();
    const result = await runCli(['run', '--merge', await tempDir(), '--data', data, '--now', '2026-11-28T13:20:00Z', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = z.object({ jobs: z.array(jobSchema), run: runSchema }).parse(JSON.parse(result.stdout));
    expect(report.jobs.map((job) => [job.monitor, job.error?.kind])).toEqual([
      ['acme/cartly', 'shard_lost'],
      ['acme/shopwave', 'shard_lost'],
      ['globex/ledgerly', 'shard_lost'],
      ['globex/paynest', 'shard_lost'],
    ]);
    expect(report.run).toMatchObject({ id: 'run-2026-11-28T13:20:00.000Z', due: 4, scanned: 0, failed: 4, status: 'completed' });
  });

  it.each([
    [[], 1],
    [['--allow-private-networks'], 0],
  ])('a monitor of a loopback URL with %j: exit %i', async (flags, code) => {
    const monitors = await tempDir();
    await mkdir(join(monitors, 'acme'));
    await writeFile(join(monitors, 'acme', 'intranet.yaml'), 'name: Intranet\nurl: http://127.0.0.1:8080/\nschedule: "@daily"\n');
    const result = await runCli(['run', '--dry-run', '--monitors', monitors, '--data', await tempDir(), '--now', '2026-11-28T13:00:00Z', ...flags]);
    expect(result.code).toBe(code);
    if (code === 0) expect(result.stdout).toMatch(/acme\/intranet\s+yes\s+never-scanned/);
    else expect(result.stderr).toContain('scans refuse private networks unless monitors/_settings.yaml sets allowPrivateNetworks: true');
  });

  it('--outbox takes an absolute path as it is, not under the working directory', async () => {
    const monitors = await tempDir();
    await mkdir(join(monitors, 'acme'));
    // Disabled: nothing is due, so the run only delivers what waits in the queue.
    await writeFile(join(monitors, 'acme', 'cartly.yaml'), 'name: Cartly\nurl: https://cartly.example/\nschedule: "@daily"\nenabled: false\n');
    const data = await tempDir();
    const watched = monitor('acme/cartly', { alerts: { recipients: ['intel@acme.example'], digest: 'immediate', minSeverity: 'low' } });
    await openAlertQueue(data).enqueue(alertsFor(watched, [technologyAdded('Hotjar')], new Date('2026-11-28T12:00:00Z')));
    const outbox = await tempDir();
    const cwd = await tempDir();

    const result = await runCli(['run', '--monitors', monitors, '--data', data, '--outbox', outbox, '--now', '2026-11-28T13:00:00Z'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await readdir(outbox)).filter((file) => file.endsWith('.eml'))).toHaveLength(1);
    expect(await readdir(cwd)).toEqual([]);
  });
});
