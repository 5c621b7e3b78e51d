import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMANDS } from '../../scripts/cli/commands.ts';
import { openStore } from '../../scripts/store/store.ts';
import { runCli, spawnCli } from '../helpers/cli.ts';
import { REPO_ROOT } from '../helpers/paths.ts';
import { scan } from '../helpers/records.ts';
import { tempDir } from '../helpers/temp.ts';

describe('the CLI', () => {
  it.each(COMMANDS.map((command) => command.name))('%s --help shows its usage and exits 0', async (name) => {
    const result = await runCli([name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: npm run techscan -- ${name}`);
    expect(result.stdout).toContain('--help');
  });

  it('lists the commands with --help and with no command (then exiting 2)', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/Commands:\n {2}demo /);
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: npm run techscan -- <command>');
  });

  it.each([
    [['valdate'], 'techscan: unknown command "valdate" (did you mean "validate"?); see --help'],
    [['list', '--colour'], "techscan list: Unknown option '--colour' (see --help)"],
    [['list', '--now', 'yesterday'], 'techscan list: --now: "yesterday" is not an ISO 8601 time (e.g. 2026-11-28T09:00:00Z)'],
    [['list', '--monitors', 'no-such-dir'], 'techscan list: monitors folder not found: no-such-dir'],
  ])('fails fast with a one-line reason: %j', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.stderr.trim()).toBe(message);
    expect(result.code).toBeGreaterThan(0);
  });

  it('refuses to list invalid monitors, naming every problem', async () => {
    const result = await runCli(['list', '--monitors', 'test/fixtures/monitors-broken']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad-email.yaml:7:7: alerts.recipients[1]: "bob@" is not an email address');
    expect(result.stderr.trim().split('\n').at(-1)).toBe('techscan list: 25 problems in monitor configs; run `npm run techscan -- validate` to see them');
  });

  it('exits non-zero with a one-line reason as a real process too', async () => {
    const result = await spawnCli(['list', '--monitors', 'no-such-dir']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('techscan list: monitors folder not found: no-such-dir');
  });
});

describe('list', () => {
  const rows = z.array(z.object({ id: z.string(), enabled: z.boolean(), due: z.boolean(), lastScan: z.string().nullable(), nextDue: z.string().nullable() }));

  it('shows every example monitor as due when nothing was scanned yet', async () => {
    const data = await tempDir();
    const result = await runCli(['list', '--data', data, '--now', '2026-11-28T13:20:00Z']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+URL\s+SCHEDULE\s+LAST SCAN\s+NEXT DUE\s+ENABLED$/);
    expect(lines.slice(2).map((line) => line.split(/\s{2,}/)[0])).toEqual(['acme/cartly', 'acme/shopwave', 'globex/ledgerly', 'globex/paynest']);
    expect(lines.slice(2).every((line) => /\s+now\s+yes$/.test(line))).toBe(true);
  });

  it('computes the next due time from the last stored scan', async () => {
    const monitors = await tempDir();
    await cp(join(REPO_ROOT, 'monitors'), monitors, { recursive: true });
    const data = await tempDir();
    await openStore(data).writeLatestScan(scan({ monitor: 'acme/shopwave', scannedAt: '2026-11-28T12:20:00.000Z' }));

    const result = await runCli(['list', '--monitors', monitors, '--data', data, '--now', '2026-11-28T13:20:00Z', '--json']);
    const shopwave = rows.parse(JSON.parse(result.stdout)).find((row) => row.id === 'acme/shopwave');
    // Shopwave runs at minute 17 every six hours (from acme/_defaults.yaml): next is 18:17.
    expect(shopwave).toMatchObject({
      due: false,
      lastScan: '2026-11-28T12:20:00.000Z',
      nextDue: '2026-11-28T18:17:00.000Z',
    });
  });

  it('says how to start when there are no monitors', async () => {
    const result = await runCli(['list', '--monitors', await tempDir(), '--data', await tempDir()]);
    expect(result.stdout).toContain('No monitors yet');
    expect(result.code).toBe(0);
  });
});
