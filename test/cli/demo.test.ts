import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/** The demo's command line; the demo itself runs in demo.slow.test.ts. */
describe('demo command line', () => {
  it('has help, listed with every command', async () => {
    const help = await runCli(['demo', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run techscan -- demo [options]');
    for (const option of ['--serve', '--port <n>', '--dir <dir>', '--light', '--now <iso>']) expect(help.stdout).toContain(option);
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}demo\s+See the whole product work/m);
  });

  it.each([
    [['--port', '8080'], /--port needs --serve/],
    [['--serve', '--port', '70000'], /--port: "70000" is not a whole number from 0 to 65535/],
    [['--now', 'yesterday'], /--now: "yesterday" is not an ISO 8601 time/],
    [['--monitors', 'monitors'], /Unknown option '--monitors'/],
  ])('%j is a usage error', async (args, message) => {
    const result = await runCli(['demo', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses a folder it did not make, before starting anything', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'precious.txt'), 'keep me');
    const result = await runCli(['demo', '--dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not empty and was not made by the demo/);
    expect(result.stdout).toBe('');
  });
});
