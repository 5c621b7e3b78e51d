import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { listChanges } from '../../scripts/store/changes.ts';
import { COMPETITORS, DEMO_RECIPIENT } from '../../scripts/demo/cast.ts';
import { openStore } from '../../scripts/store/store.ts';
import { startCli } from '../helpers/cli.ts';
import { closedPort } from '../helpers/fixture-server.ts';
import { REPO_ROOT } from '../helpers/paths.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * `npm run demo` end to end, as a real process from the repository root: real Chromium, real
 * local sites, the real store, outbox and Astro build. It must finish within its bound, exit
 * 0 by itself (so its servers and browser are closed), and leave the repository as it was.
 */

const TIME_BOUND_MS = 120_000;
/** Folders of the repository the demo must never write to. */
const REPO_FOLDERS = ['monitors', 'data', '.techscan/outbox'];

async function snapshot(root: string, folders: readonly string[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const folder of folders) {
    const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries.filter((candidate) => candidate.isFile())) {
      const path = join(entry.parentPath, entry.name);
      files.set(
        relative(root, path),
        createHash('sha256')
          .update(await readFile(path))
          .digest('hex'),
      );
    }
  }
  return files;
}

describe('npm run demo', () => {
  it('shows the whole product on four local competitor sites, offline, within two minutes', { timeout: TIME_BOUND_MS + 30_000 }, async () => {
    const dir = join(await tempDir('techscan-demo-test-'), 'demo');
    const repoBefore = await snapshot(REPO_ROOT, REPO_FOLDERS);
    // Mail and webhook settings in the environment must not reach the demo's alerts.
    const nowhere = await closedPort();
    const env = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(nowhere), TECHSCAN_WEBHOOK_URL: `http://127.0.0.1:${nowhere}/hook` };

    const started = performance.now();
    const { child, done } = startCli(['demo', '--dir', dir], { cwd: REPO_ROOT, env });
    const overdue = setTimeout(() => child.kill('SIGTERM'), TIME_BOUND_MS);
    const result = await done.finally(() => clearTimeout(overdue));
    const seconds = (performance.now() - started) / 1000;
    console.log(`npm run demo took ${seconds.toFixed(1)} s\n${result.stdout}`);

    expect(result.code, result.stderr).toBe(0);
    expect(seconds * 1000).toBeLessThan(TIME_BOUND_MS);
    expect(result.stdout).toContain('Scanning in headless Chromium');

    // Both cycles completed: every site scanned at the first, the one that went down failed at the second.
    const store = openStore(join(dir, 'data'));
    const runs = await store.runs();
    expect(runs.map((run) => [run.status, run.scanned, run.failed])).toEqual([
      ['completed', 4, 0],
      ['completed', 3, 1],
    ]);

    // The changes the sites made were detected, each at its site.
    const { changes } = await listChanges(store, {});
    const found = (monitor: string, type: string, text: RegExp) =>
      changes.find((entry) => entry.monitor === monitor && entry.type === type && text.test(entry.summary));
    expect(found('demo/northwind', 'technology_added', /^React 18\.3\.1 added$/)?.severity).toBe('high');
    expect(found('demo/brightdesk', 'technology_version_changed', /^Bootstrap 4\.6\.2 → 5\.3\.3$/)?.severity).toBe('medium');
    expect(found('demo/brightdesk', 'technology_removed', /^jQuery 3\.7\.1 removed$/)?.severity).toBe('medium');
    expect(found('demo/northwind', 'security_header_removed', /X-Frame-Options/)?.severity).toBe('high');
    expect(found('demo/lumen-outdoor', 'performance_degraded', /^TTFB slower/)?.severity).toBe('high');
    expect(found('demo/kestrel-pay', 'site_down', /HTTP 502/)?.severity).toBe('high');
    for (const change of changes) expect(result.stdout, change.summary).toContain(change.summary);

    // The digest went to the demo's outbox, whatever SMTP says, and reads as an email.
    const outbox = join(dir, 'outbox');
    const emails = (await readdir(outbox)).filter((name) => name.endsWith('.eml'));
    expect(emails).toHaveLength(1);
    const mail = await simpleParser(await readFile(join(outbox, emails[0] ?? '')));
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe(DEMO_RECIPIENT);
    expect(mail.subject).toMatch(/changes at 4 competitors/);
    for (const competitor of COMPETITORS) expect(mail.text).toContain(competitor.name);
    expect(mail.html).toContain('React 18.3.1 added');
    expect(result.stdout).toContain(emails[0]);

    // The dashboard names every demo monitor and links to its page.
    const index = await readFile(join(dir, 'site', 'index.html'), 'utf8');
    for (const competitor of COMPETITORS) {
      expect(index).toContain(competitor.name);
      expect(index).toContain(`href="/monitors/demo/${competitor.slug}/"`);
    }
    expect(result.stdout).toContain(join(dir, 'site', 'index.html'));

    expect(await snapshot(REPO_ROOT, REPO_FOLDERS)).toEqual(repoBefore);
  });

  it('--serve --light: scans without a browser and serves the dashboard until Ctrl-C, then exits 0', { timeout: TIME_BOUND_MS }, async () => {
    const dir = join(await tempDir('techscan-demo-test-'), 'demo');
    const { child, done } = startCli(['demo', '--dir', dir, '--serve', '--light'], { cwd: REPO_ROOT });
    const serving = await output(child, /Serving the dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/);
    expect(serving.text).toContain('--light: scanning at light depth');
    const url = serving.match[1] ?? '';
    const overview = await fetch(url);
    expect(overview.status).toBe(200);
    const page = await overview.text();
    for (const competitor of COMPETITORS) expect(page).toContain(competitor.name);
    expect((await fetch(new URL('monitors/demo/northwind/', url))).status).toBe(200);
    expect((await fetch(new URL('no/such/page/', url))).status).toBe(404);
    // Digests link to the dashboard the demo serves.
    const emails = (await readdir(join(dir, 'outbox'))).filter((name) => name.endsWith('.eml'));
    const mail = await simpleParser(await readFile(join(dir, 'outbox', emails[0] ?? '')));
    expect(mail.text).toContain(`${url}monitors/demo/`);

    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Stopped serving.');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('Ctrl-C during a cycle stops the demo at once, closes everything and exits 130', { timeout: TIME_BOUND_MS }, async () => {
    const dir = join(await tempDir('techscan-demo-test-'), 'demo');
    const { child, done } = startCli(['demo', '--dir', dir], { cwd: REPO_ROOT });
    const sites = await output(child, /Northwind Analytics\s+(http:\/\/127\.0\.0\.1:\d+\/)/);
    await output(child, /Scanning 4 monitors/);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted; what the demo recorded so far is in/);
    expect(result.stdout).not.toContain('3. The competitors change');
    await expect(fetch(sites.match[1] ?? '')).rejects.toThrow();
  });
});

/** Waits until the process has printed something matching `pattern`; fails when it exits first. */
function output(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<{ text: string; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (!match) return;
      child.stdout.off('data', onData);
      child.off('close', onClose);
      resolve({ text, match });
    };
    const onClose = (code: number | null) => reject(new Error(`the demo exited (${code}) before printing ${pattern}:\n${text}`));
    child.stdout.on('data', onData);
    child.on('close', onClose);
  });
}
