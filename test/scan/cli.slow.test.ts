import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../scripts/errors.ts';
import { scanResultSchema } from '../../scripts/schema/scan.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { closedPort, HOSTILE, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';

/** `techscan scan <url>` in-process, against fixture sites that name no outside host. */

const SLOW = { timeout: 60_000 };
let blog: FixtureServer;
let shop: FixtureServer;

beforeAll(async () => {
  [blog, shop] = await Promise.all([startFixtureServer({ site: 'wordpress-style' }), startFixtureServer({ site: 'react-spa' })]);
});
afterAll(async () => {
  await Promise.all([blog.close(), shop.close()]);
});

describe('scan command', () => {
  it('prints the result as JSON with --json', SLOW, async () => {
    const { code, stdout, stderr } = await runCli(['scan', blog.url('/'), '--allow-private-networks', '--depth', 'light', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(EXIT.ok);
    const result = scanResultSchema.parse(JSON.parse(stdout));
    expect(result).toMatchObject({ ok: true, depth: 'light', monitor: null, url: blog.url('/') });
    expect(result.technologies.map((technology) => technology.name)).toContain('WordPress');
  });

  it('prints a readable summary by default (standard depth, in Chromium)', SLOW, async () => {
    const { code, stdout } = await runCli(['scan', shop.url('/'), '--allow-private-networks']);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain(`✓ ${shop.url('/')}  200  standard`);
    expect(stdout).toContain('React 18.3.1');
    expect(stdout).toMatch(/Security: [A-F][+-]? \(score \d+/);
    expect(stdout).toContain('title: Lumen Outdoor — Gear for every trail');
  });

  it('exits 1 when the scan failed, with the failed result printed', SLOW, async () => {
    const { code, stdout } = await runCli(['scan', `http://127.0.0.1:${await closedPort()}/`, '--allow-private-networks', '--depth', 'light', '--json']);
    expect(code).toBe(EXIT.problems);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { kind: 'connection_refused' } });
  });

  it.each([
    [['scan'], 'give the URL to scan'],
    [['scan', 'ftp://example.com/'], 'is not an http:// or https:// URL'],
    [['scan', 'https://example.com/', '--depth', 'medium'], '--depth: "medium" is not one of light, standard, deep'],
    [['scan', 'https://example.com/', '--timeout', '2'], '--timeout: "2" is not a whole number from 5 to 600'],
    [['scan', 'https://example.com/', '--ignore-pattern', '(unclosed'], '--ignore-pattern:'],
  ])('%j is a usage error', async (argv, message) => {
    const { code, stderr } = await runCli(argv);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain(message);
  });

  it('SIGINT ends a scan at once: exit 130, the aborted result printed', SLOW, async () => {
    const stalling = await startFixtureServer({ routes: { '/': HOSTILE.neverEndingBody } });
    try {
      const { child, done } = startCli(['scan', stalling.url('/'), '--allow-private-networks', '--depth', 'light', '--json']);
      // Interrupt once the page has started to arrive.
      await waitFor(() => stalling.requests.length > 0);
      child.kill('SIGINT');
      const { code, stdout } = await done;
      expect(code).toBe(EXIT.interrupted);
      expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    } finally {
      await stalling.close();
    }
  });

  it('exits 3 with install advice when the configured Chromium does not start', SLOW, async () => {
    const { code, stderr } = await runCli(['scan', shop.url('/'), '--allow-private-networks'], { env: { CHROMIUM_PATH: '/bin/false' } });
    expect(code).toBe(EXIT.environment);
    expect(stderr).toContain('Chromium at /bin/false (CHROMIUM_PATH) did not start');
    expect(stderr).toContain('npx playwright install chromium');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await delay(50);
  }
}
