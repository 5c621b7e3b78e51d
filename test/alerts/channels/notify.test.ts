import { describe, expect, it } from 'vitest';
import { createMailer, deliverNotifications, openAlertQueue, openChannels, owedTo, type AlertQueue, type Channels } from '../../../scripts/alerts/index.ts';
import type { Change } from '../../../scripts/schema/change.ts';
import type { Monitor } from '../../../scripts/schema/monitor.ts';
import { createIssueTracker, type GithubConfig } from '../../../scripts/github/issues.ts';
import { tempDir } from '../../helpers/temp.ts';
import { headerRemoved, monitor, settings, siteDown, siteRecovered, technologyAdded, versionChange } from '../fixtures.ts';
import { startGithubStub, type GithubStub } from '../github-stub.ts';
import { startWebhookServer } from '../webhook-server.ts';

const TOKEN = 'ghs_test-token';
const REPOSITORY = 'acme/intel';
const SITE = 'https://intel.example/';
const NOW = new Date('2026-11-28T06:05:00.000Z');

interface Setup {
  readonly queue: AlertQueue;
  readonly github: GithubStub;
  readonly channels: Channels;
  readonly monitors: Monitor[];
}

async function setup(alerts: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<Setup> {
  const github = await startGithubStub({ token: TOKEN, repository: REPOSITORY });
  const monitors = [monitor('acme/cartly', { name: 'Cartly', alerts: { githubIssue: true, ...alerts } })];
  const channels = await channelsFor({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: github.apiUrl, ...env }, monitors);
  return { queue: openAlertQueue(await tempDir()), github, channels, monitors };
}

async function channelsFor(env: Record<string, string>, monitors: readonly Monitor[]): Promise<Channels> {
  // GitHub's pacing and backoff, with a second that lasts 5 ms.
  const openTracker = (config: GithubConfig) => createIssueTracker(config, { secondMs: 5 });
  return openChannels({ env, monitors, settings: settings(), siteBaseUrl: SITE, mailer: createMailer({}, await tempDir()), openTracker });
}

/** As a run does: the changes' notifications are queued with their scan, then everything pending is delivered. */
async function notify({ queue, channels, monitors }: Setup, changes: readonly Change[], now = NOW) {
  const owed = monitors.flatMap((watched) => owedTo(channels, watched, changes, now).notifications);
  const queued = await queue.enqueueNotifications(owed);
  return { queued: queued.length, ...(await deliverNotifications(channels, queue, now)) };
}

describe('GitHub issues for high changes (against a local API stub)', () => {
  it('opens one issue per topic, adds later changes of that topic to it, and never duplicates', async () => {
    const context = await setup();
    const react = versionChange('React', '18.2.0', '19.0.0', { severity: 'high', detectedAt: '2026-11-28T06:00:00.000Z' });
    const medium = versionChange('Vue.js', '3.4.21', '3.5.13', { severity: 'medium' });

    const first = await notify(context, [react, medium]);
    expect(first).toMatchObject({ queued: 1, delivered: 1, failed: 0 });
    expect(first.results).toEqual([
      { channel: 'github-issue', monitor: 'acme/cartly', outcome: 'opened', location: `https://github.example/${REPOSITORY}/issues/1` },
    ]);
    const [issue] = context.github.issues;
    expect(issue).toMatchObject({ title: 'Cartly: React 18.2.0 → 19.0.0', labels: ['techscan'], state: 'open' });
    expect(issue?.body).toContain('<!-- techscan-issue: ');
    expect(issue?.body).toContain(`<!-- techscan-change: ${react.id} -->`);
    expect(issue?.body).toContain(`([details](${SITE}monitors/acme/cartly/#change-${react.id}))`);

    // Queued changes are not queued again.
    expect(await notify(context, [react])).toMatchObject({ queued: 0, delivered: 0 });

    const upgrade = versionChange('React', '19.0.0', '19.1.0', { severity: 'high', detectedAt: '2026-11-29T06:00:00.000Z' });
    const second = await notify(context, [upgrade], new Date('2026-11-29T06:05:00.000Z'));
    expect(second.results.map((item) => item.outcome)).toEqual(['updated']);
    expect(context.github.issues).toHaveLength(1);
    expect(context.github.issues[0]?.title).toBe('Cartly: React 19.0.0 → 19.1.0');
    expect(context.github.issues[0]?.body).toContain(`<!-- techscan-change: ${upgrade.id} -->`);
    expect(context.github.issues[0]?.comments).toHaveLength(1);

    // A different topic gets its own issue.
    await notify(context, [headerRemoved('Content-Security-Policy', { detectedAt: '2026-11-29T07:00:00.000Z' })]);
    expect(context.github.issues.map((item) => item.title)).toEqual(['Cartly: React 19.0.0 → 19.1.0', 'Cartly: Content-Security-Policy header removed']);
    expect(context.github.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('finds the issue it opened when a killed run lost the record, instead of opening another', async () => {
    const context = await setup();
    const down = siteDown();
    // Killed after GitHub took the issue, before the queue recorded it (its second write).
    let writes = 0;
    const dying: AlertQueue = {
      ...context.queue,
      updateNotifications: (records) => (++writes > 1 ? Promise.reject(new Error('killed')) : context.queue.updateNotifications(records)),
    };
    await expect(notify({ ...context, queue: dying }, [down])).rejects.toThrow('killed');
    expect(context.github.issues).toHaveLength(1);

    const rerun = await notify(context, []);
    expect(rerun.results.map((item) => item.outcome)).toEqual(['unchanged']);
    expect(context.github.issues).toHaveLength(1);
    expect(context.github.issues[0]?.comments).toEqual([]);
  });

  it('closes the outage issue when the site recovers', async () => {
    const context = await setup();
    const down = siteDown({ detectedAt: '2026-11-28T00:00:00.000Z' });
    await notify(context, [down]);
    expect(context.github.issues[0]).toMatchObject({ title: 'Cartly is down', state: 'open' });

    const up = siteRecovered(down.detectedAt, { detectedAt: '2026-11-28T06:00:00.000Z' });
    const report = await notify(context, [up]);
    expect(report.results.map((item) => item.outcome)).toEqual(['closed']);
    expect(context.github.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(context.github.issues[0]?.comments[0]).toMatch(/^Cartly is reachable again \(recovered 28 Nov 2026, 06:00 UTC, down since 28 Nov 2026, 00:00 UTC\)/);
    expect(context.github.requests.slice(-2).map((request) => [request.method, request.path])).toEqual([
      ['POST', `/repos/${REPOSITORY}/issues/1/comments`],
      ['PATCH', `/repos/${REPOSITORY}/issues/1`],
    ]);
  });

  it('retries after an API failure, in order, so a recovery never closes before the outage opened', async () => {
    const context = await setup();
    const down = siteDown({ detectedAt: '2026-11-28T00:00:00.000Z' });
    const up = siteRecovered(down.detectedAt, { detectedAt: '2026-11-28T06:00:00.000Z' });
    // The first try and plugin-retry's three more.
    context.github.failNext(4, 502);
    const failing = await notify(context, [down, up]);
    expect(failing).toMatchObject({ delivered: 0, failed: 1, waiting: 1 });
    expect(failing.failures[0]?.error).toMatch(/502|Server Error/);
    expect((await context.queue.pendingNotifications()).map((item) => [item.change.type, item.attempts])).toEqual([
      ['site_down', 1],
      ['site_recovered', 0],
    ]);

    const retried = await notify(context, [], new Date('2026-11-28T07:05:00.000Z'));
    expect(retried.results.map((item) => item.outcome)).toEqual(['opened', 'closed']);
    expect(context.github.issues).toHaveLength(1);
    expect(context.github.issues[0]?.state).toBe('closed');
    expect(await context.queue.pendingNotifications()).toEqual([]);
    expect((await context.queue.notificationHistory()).map((item) => item.status)).toEqual(['sent', 'sent']);
  });

  it('is off with one notice line when the token is missing', async () => {
    const monitors = [monitor('acme/cartly', { alerts: { githubIssue: true } }), monitor('acme/shopwave')];
    const channels = await channelsFor({ GITHUB_REPOSITORY: REPOSITORY }, monitors);
    expect(channels.notifiers.map((channel) => channel.name)).toEqual(['webhook']);
    expect(channels.notices).toEqual(['GitHub issues are off: GITHUB_TOKEN is not set (alerts.githubIssue is on for acme/cartly)']);
    expect((await channelsFor({}, [monitor('acme/shopwave')])).notices).toEqual([]);
  });
});

describe('webhooks (against a local receiver)', () => {
  it('posts each alerting change as JSON with a Slack-ready text', async () => {
    const receiver = await startWebhookServer();
    const context = await setup({ githubIssue: false, webhook: receiver.url });
    const react = versionChange('React', '18.2.0', '19.0.0', { severity: 'medium' });
    const report = await notify(context, [react, technologyAdded('Hotjar')]);
    expect(report).toMatchObject({ queued: 1, delivered: 1 });
    expect(receiver.posts).toEqual([
      {
        contentType: 'application/json',
        body: {
          text: `[medium] Cartly: React 18.2.0 → 19.0.0 (Version changed) <${SITE}monitors/acme/cartly/#change-${react.id}|details>`,
          id: expect.any(String),
          event: 'techscan.change',
          monitor: { id: 'acme/cartly', name: 'Cartly', url: 'https://cartly.example/' },
          link: `${SITE}monitors/acme/cartly/#change-${react.id}`,
          details: [
            { label: 'Technology', value: 'React' },
            { label: 'Version', value: '18.2.0 → 19.0.0' },
            { label: 'Categories', value: 'JavaScript frameworks' },
            { label: 'Confidence', value: '100%' },
          ],
          change: react,
        },
      },
    ]);
  });

  it('uses $TECHSCAN_WEBHOOK_URL for monitors without their own, and keeps the secret URL out of errors', async () => {
    const receiver = await startWebhookServer();
    const context = await setup({ githubIssue: false }, { TECHSCAN_WEBHOOK_URL: receiver.url });
    receiver.status = 500;
    const failing = await notify(context, [headerRemoved('Strict-Transport-Security')]);
    expect(failing.failures[0]?.error).toMatch(/^webhook POST to 127\.0\.0\.1:\d+ answered HTTP 500$/);
    const [pending] = await context.queue.pendingNotifications();
    expect(pending?.lastError).not.toContain('secret-token');
    expect(JSON.stringify(await context.queue.pendingNotifications())).not.toContain('secret-token');

    receiver.status = 204;
    expect(await notify(context, [], new Date('2026-11-28T07:05:00.000Z'))).toMatchObject({ delivered: 1, failed: 0 });
    expect(receiver.posts).toHaveLength(2);
    expect(receiver.posts[0]?.body).toEqual(receiver.posts[1]?.body);
  });

  it('reports a repository-wide webhook that is not a URL with one notice line', async () => {
    expect((await channelsFor({ TECHSCAN_WEBHOOK_URL: 'hooks.slack.com/x' }, [])).notices).toEqual([
      'TECHSCAN_WEBHOOK_URL is not an http(s) URL: the repository-wide webhook is off',
    ]);
  });
});
