import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';
import { AT_SLOT, BEFORE_SLOT, workspace } from './workspace.ts';
import { freePort, startSmtpServer } from './smtp-server.ts';

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  const entries = await Promise.all(
    files
      .filter((entry) => entry.isFile())
      .map(async (entry): Promise<[string, string]> => [join(entry.parentPath, entry.name), await readFile(join(entry.parentPath, entry.name), 'utf8')]),
  );
  return Object.fromEntries(entries);
}

describe('techscan digest', () => {
  it('shows the queue and when each digest is due', async () => {
    const cwd = await workspace();
    const before = await runCli(['digest', '--now', BEFORE_SLOT], { cwd });
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/RECIPIENT\s+FREQUENCY\s+ALERTS\s+MONITORS\s+DUE/);
    expect(before.stdout).toMatch(/intel@acme\.example\s+daily\s+1\s+acme\/cartly\s+2026-11-28 07:00 UTC/);
    expect(before.stdout).toMatch(/cto@acme\.example\s+weekly\s+1\s+acme\/shopwave\s+2026-11-30 07:00 UTC/);
    expect(before.stdout).toContain('Nothing is due yet.');

    const at = await runCli(['digest', '--now', AT_SLOT], { cwd });
    expect(at.stdout).toMatch(/intel@acme\.example\s+daily\s+1\s+acme\/cartly\s+now/);
    expect(at.stdout).toContain('One digest is due');
  });

  it('--preview renders what would be sent, to the terminal and HTML files, and changes nothing', async () => {
    const cwd = await workspace();
    const data = await snapshot(join(cwd, 'data'));
    const result = await runCli(['digest', '--preview', '--now', AT_SLOT], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('──── To: intel@acme.example · daily');
    expect(result.stdout).toContain('Subject: 1 change at Cartly — 1 medium');
    expect(result.stdout).toMatch(/Message-ID: <digest\.[0-9a-f]{32}@acme\.example>/);
    expect(result.stdout).toContain('[MEDIUM] React 18.2.0 → 19.0.0');
    expect(result.stdout).toContain('1 digest would be sent; nothing was changed.');
    const htmlFile = /HTML: (\S+)/.exec(result.stdout)?.[1] ?? '';
    expect(htmlFile).toMatch(/^\.techscan\/preview\/digest-[0-9a-f]{12}-intel@acme\.example\.html$/);
    expect(await readFile(join(cwd, htmlFile), 'utf8')).toContain('https://intel.example/monitors/acme/cartly/#change-');
    expect(await snapshot(join(cwd, 'data'))).toEqual(data);

    const nothing = await runCli(['digest', '--preview', '--now', BEFORE_SLOT], { cwd });
    expect(nothing.stdout).toContain('No digest is due at 2026-11-28 06:30 UTC');
  });

  it('--send writes .eml files to the outbox when no SMTP server is configured, and says where', async () => {
    const cwd = await workspace();
    const result = await runCli(['digest', '--send', '--now', AT_SLOT], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No SMTP server configured (set SMTP_URL, or SMTP_HOST and friends): wrote 1 digest (1 alert) to .techscan/outbox/');
    const [file, ...others] = await readdir(join(cwd, '.techscan/outbox'));
    expect(others).toEqual([]);
    const mail = await simpleParser(await readFile(join(cwd, '.techscan/outbox', file ?? '')));
    expect(mail.subject).toBe('1 change at Cartly — 1 medium');
    expect(mail.from?.value).toEqual([{ name: 'Acme Intel', address: 'intel-bot@acme.example' }]);

    const again = await runCli(['digest', '--send', '--now', AT_SLOT], { cwd });
    expect(again.stdout).toContain('No digest is due at 2026-11-28 07:00 UTC.');
  });

  it('--send delivers by SMTP from the environment', async () => {
    const cwd = await workspace();
    const smtp = await startSmtpServer();
    const result = await runCli(['digest', '--send', '--now', '2026-11-30T07:00:00Z'], { cwd, env: smtp.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Sent 3 digests (3 alerts) via SMTP 127.0.0.1:${smtp.port}:`);
    expect(smtp.received.map((item) => [item.envelope.to[0], item.mail.subject]).sort()).toEqual([
      ['cto@acme.example', '1 change at Shopwave — 1 high'],
      ['intel@acme.example', '1 change at Cartly — 1 medium'],
      ['intel@acme.example', '1 change at Shopwave — 1 high'],
    ]);
  });

  it('--send exits non-zero when SMTP is down, and the alerts stay pending', async () => {
    const cwd = await workspace();
    const env = { SMTP_URL: `smtp://127.0.0.1:${await freePort()}` };
    const result = await runCli(['digest', '--send', '--now', AT_SLOT], { cwd, env });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/could not send the daily digest to intel@acme\.example \(1 alert\): SMTP 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(result.stderr).toMatch(/techscan digest: 1 digest could not be sent .*; their alerts stay pending and the next run retries them/);
    const status = await runCli(['digest', '--now', AT_SLOT, '--json'], { cwd });
    const parsed: unknown = JSON.parse(status.stdout);
    expect(parsed).toMatchObject({
      due: 1,
      queue: [
        { recipient: 'cto@acme.example', frequency: 'weekly', attempts: 0 },
        { recipient: 'intel@acme.example', frequency: 'daily', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) },
        { recipient: 'intel@acme.example', frequency: 'weekly', attempts: 0 },
      ],
    });
  });

  it.each([
    [['--preview', '--send'], /--preview and --send exclude each other/],
    [['--now', 'tomorrow'], /--now: "tomorrow" is not an ISO 8601 time/],
    [['extra'], /unexpected argument "extra"/],
  ])('rejects %j', async (argv, message) => {
    const result = await runCli(['digest', ...argv], { cwd: await tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('rejects a broken SMTP setting with a one-line reason', async () => {
    const cwd = await workspace();
    const result = await runCli(['digest', '--send', '--now', AT_SLOT], { cwd, env: { SMTP_HOST: 'mail.example', SMTP_PORT: 'abc' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('techscan digest: SMTP_PORT: "abc" is not a port number\n');
  });
});
