import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildSite } from '../../site/build.ts';
import { startGithubStub } from '../alerts/github-stub.ts';
import { startSmtpServer } from '../alerts/smtp-server.ts';
import { startWebhookServer } from '../alerts/webhook-server.ts';
import { spawnCli } from '../helpers/cli.ts';
import { startFixtureServer } from '../helpers/fixture-server.ts';
import { tempDir } from '../helpers/temp.ts';
import { hostileRoute, plainRoute } from './hostile-page.ts';

const GITHUB_TOKEN = 'ghs_untrusted-text';
const REPOSITORY = 'acme/intel';
/** Baseline, the hostile page's first scan, and the scan that confirms its changes (confirmScans: 2). */
const CYCLES = ['2026-11-28T00:00:00Z', '2026-11-28T06:00:00Z', '2026-11-28T12:00:00Z'];
const TIMEOUT = { timeout: 180_000 };

describe('untrusted text', () => {
  it('stays inert in the site, the digest, the job summary, issues and webhooks', TIMEOUT, async () => {
    const state = { hostile: false };
    const site = await startFixtureServer({ routes: { '/cartly/': hostileRoute(state), '/plainly/': plainRoute } });
    onTestFinished(() => site.close());
    const webhook = await startWebhookServer();
    const github = await startGithubStub({ token: GITHUB_TOKEN, repository: REPOSITORY });
    const smtp = await startSmtpServer();

    const root = await tempDir();
    const monitorsDir = join(root, 'monitors');
    const dataDir = join(root, 'data');
    await mkdir(join(monitorsDir, 'acme'), { recursive: true });
    await writeFile(join(monitorsDir, '_settings.yaml'), 'allowPrivateNetworks: true\n');
    const alerts = `alerts:\n  recipients: [intel@acme.example]\n  digest: immediate\n  minSeverity: low\n  githubIssue: true\n  webhook: ${webhook.url}\n`;
    await writeFile(join(monitorsDir, 'acme', 'cartly.yaml'), `name: Cartly\nurl: ${site.url('/cartly/')}\nschedule: "0 */6 * * *"\n${alerts}`);
    await writeFile(join(monitorsDir, 'acme', 'plainly.yaml'), `name: Plainly\nurl: ${site.url('/plainly/')}\nschedule: "0 */6 * * *"\n`);

    const summaries: string[] = [];
    for (const [index, now] of CYCLES.entries()) {
      state.hostile = index > 0;
      const summary = join(root, `summary-${index}.md`);
      const outputs = join(root, `outputs-${index}.txt`);
      await Promise.all([writeFile(summary, ''), writeFile(outputs, '')]);
      const env = {
        TECHSCAN_OFFLINE: '1',
        GITHUB_ACTIONS: 'true',
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_OUTPUT: outputs,
        GITHUB_TOKEN,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_API_URL: github.apiUrl,
        ...smtp.env,
      };
      const result = await spawnCli(['run', '--monitors', monitorsDir, '--data', dataDir, '--now', now, '--allow-private-networks'], { cwd: root, env });
      expect(result.code, result.stderr).toBe(0);
      summaries.push(await readFile(summary, 'utf8'));
    }
    const out = join(root, 'site');
    await buildSite({ dataDir, monitorsDir, outDir: out, base: '/', repository: REPOSITORY, now: new Date(CYCLES.at(-1) ?? '') });
    console.log(root);
    console.log(summaries.at(-1));
    console.log(JSON.stringify(webhook.posts, null, 1));
    console.log(JSON.stringify(github.issues, null, 1));
    for (const mail of smtp.received) console.log(mail.raw);
  });
});
