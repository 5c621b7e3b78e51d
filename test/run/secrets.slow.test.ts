import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertsFor, createMailer, openAlertQueue, openChannels, owedTo } from '../../scripts/alerts/index.ts';
import { loadMonitorConfig } from '../../scripts/monitors/files.ts';
import { buildSite } from '../../site/build.ts';
import { versionChange } from '../alerts/fixtures.ts';
import { startGithubStub } from '../alerts/github-stub.ts';
import { startSmtpServer } from '../alerts/smtp-server.ts';
import { startWebhookServer } from '../alerts/webhook-server.ts';
import { spawnCli } from '../helpers/cli.ts';
import { page, startFixtureServer } from '../helpers/fixture-server.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Secrets stay secret: with known values for the SMTP password, the GitHub token and a webhook
 * URL's token, a cycle where every channel and the site fail and one where all succeed are run
 * as real processes; no output of either — stdout, stderr, the job summary, any file under
 * data/, the built site, the mail, the webhook posts, the issues — carries any of the values.
 */

const SMTP_USER = 'techscan-bot';
const SMTP_PASSWORD = 'smtp-pw-5f3c9e1a';
const GITHUB_TOKEN = 'ghs_token-8d2b7a64';
const WEBHOOK_TOKEN = 'hook-token-1c7e4f09';
const SECRETS = [SMTP_PASSWORD, GITHUB_TOKEN, WEBHOOK_TOKEN];
const REPOSITORY = 'acme/intel';
/** 08:00 in Berlin, the digest hour: the daily digest is due. */
const FAILING_AT = '2026-11-28T07:00:00Z';
const SUCCEEDING_AT = '2026-11-28T13:00:00Z';
const TIMEOUT = { timeout: 120_000 };

/** A port nothing listens on: SMTP there is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Every secret found in `text`, by where it was seen. */
function leaks(where: string, text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret}`);
}

describe('secrets', () => {
  it('never appear in logs, the job summary, data/, the site, mail, webhooks or issues', TIMEOUT, async () => {
    let siteUp = false;
    const site = await startFixtureServer({
      routes: {
        '/cartly/': (_request, response) => {
          response.writeHead(siteUp ? 200 : 500, { 'content-type': 'text/html; charset=utf-8' });
          response.end(page('<h1>Cartly</h1><p>Shop smarter.</p>', { title: 'Cartly' }));
        },
      },
    });
    const webhook = await startWebhookServer(`/services/T000/${WEBHOOK_TOKEN}`);
    const github = await startGithubStub({ token: GITHUB_TOKEN, repository: REPOSITORY });
    const smtp = await startSmtpServer({ credentials: { user: SMTP_USER, password: SMTP_PASSWORD } });

    const root = await tempDir();
    const monitorsDir = join(root, 'monitors');
    const dataDir = join(root, 'data');
    await mkdir(join(monitorsDir, 'acme'), { recursive: true });
    await writeFile(
      join(monitorsDir, '_settings.yaml'),
      'allowPrivateNetworks: true\ndigests:\n  hour: 8\n  timezone: Europe/Berlin\nmail:\n  from: "Acme Intel <intel-bot@acme.example>"\n',
    );
    await writeFile(
      join(monitorsDir, 'acme', 'cartly.yaml'),
      `name: Cartly\nurl: ${site.url('/cartly/')}\nschedule: "0 */6 * * *"\nalerts:\n  recipients: [intel@acme.example]\n  digest: daily\n  githubIssue: true\n  webhook: ${webhook.url}\n`,
    );

    // What a run before these two left owing: a high change for the digest, the webhook and an issue.
    const env = { GITHUB_TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: github.apiUrl };
    const { monitors, settings } = await loadMonitorConfig(monitorsDir, root);
    const change = versionChange('React', '18.2.0', '19.0.0', { monitor: 'acme/cartly', severity: 'high', detectedAt: '2026-11-28T06:00:00.000Z' });
    const created = new Date('2026-11-28T06:00:00.000Z');
    const channels = openChannels({ env, monitors, settings, siteBaseUrl: null, mailer: createMailer({}, await tempDir()) });
    const queue = openAlertQueue(dataDir);
    await queue.enqueue(monitors.flatMap((monitor) => alertsFor(monitor, [change], created)));
    await queue.enqueueNotifications(monitors.flatMap((monitor) => owedTo(channels, monitor, [change], created).notifications));

    const found: string[] = [];
    const cycle = async (name: string, now: string, cycleEnv: Record<string, string>) => {
      // As Actions does, the step's summary and output files exist before the step runs.
      const summary = join(root, `summary-${name}.md`);
      const outputs = join(root, `outputs-${name}.txt`);
      await Promise.all([writeFile(summary, ''), writeFile(outputs, '')]);
      const result = await spawnCli(['run', '--monitors', monitorsDir, '--data', dataDir, '--now', now], {
        cwd: root,
        env: { TECHSCAN_OFFLINE: '1', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs, ...env, ...cycleEnv },
      });
      found.push(...leaks(`${name} stdout`, result.stdout), ...leaks(`${name} stderr`, result.stderr));
      found.push(...leaks(`${name} job summary`, await readFile(summary, 'utf8')), ...leaks(`${name} step outputs`, await readFile(outputs, 'utf8')));
      expect(await readFile(summary, 'utf8'), name).toContain('Cartly');
      return result;
    };

    // Everything fails: the site answers 500, SMTP is refused, the webhook and GitHub answer 500.
    webhook.status = 500;
    github.failNext(100, 500);
    const failing = await cycle('failing', FAILING_AT, { SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${await closedPort()}` });
    expect(failing.stdout).toMatch(/failed/i);
    const owed = await queue.pending();
    expect(owed.map((alert) => alert.attempts)).toEqual([1]);
    expect(owed[0]?.lastError).toBeTruthy();
    expect((await queue.pendingNotifications()).every((notification) => notification.attempts === 1 && notification.lastError)).toBe(true);

    // Everything works.
    siteUp = true;
    webhook.status = 200;
    const refusedPosts = webhook.posts.length;
    github.failNext(0, 500);
    const succeeding = await cycle('succeeding', SUCCEEDING_AT, smtp.env);
    expect(succeeding.code, succeeding.stderr).toBe(0);
    expect(smtp.received).toHaveLength(1);
    // The owed change, and the site's recovery this cycle saw.
    expect(webhook.posts.slice(refusedPosts).map((post) => JSON.stringify(post.body).includes('React'))).toEqual([true, false]);
    expect(github.issues).toHaveLength(1);
    expect((await queue.pending()).filter((alert) => alert.change.id === change.id)).toEqual([]);

    const out = join(root, 'site');
    await buildSite({ dataDir, monitorsDir, outDir: out, base: '/', repository: REPOSITORY, now: new Date(SUCCEEDING_AT) });
    for (const file of [...(await filesUnder(dataDir)), ...(await filesUnder(out))]) found.push(...leaks(file, await readFile(file, 'utf8')));
    for (const mail of smtp.received) found.push(...leaks('mail', mail.raw));
    found.push(...leaks('webhook posts', JSON.stringify(webhook.posts)));
    found.push(...leaks('issues', JSON.stringify(github.issues)));
    found.push(...leaks('GitHub request bodies', JSON.stringify(github.requests.map((request) => request.body))));
    expect(found).toEqual([]);
  });
});
