import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'cheerio';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SITE_PATHS } from '../../scripts/shared/site-links.ts';
import { buildSite } from '../../site/build.ts';
import { startGithubStub } from '../alerts/github-stub.ts';
import { startSmtpServer } from '../alerts/smtp-server.ts';
import { startWebhookServer } from '../alerts/webhook-server.ts';
import { spawnCli } from '../helpers/cli.ts';
import { startFixtureServer } from '../helpers/fixture-server.ts';
import { tempDir } from '../helpers/temp.ts';
import { crawl, launchChromium } from '../site/browse.ts';
import { serveStatic } from '../site/static-server.ts';
import { HOSTILE_HEADERS, HOSTILE_TITLE, hostileRoute, plainRoute, SCRIPT_TEXT } from './hostile-page.ts';
import { htmlHoles, mailHoles, markdownHoles, renderMarkdown, slackHoles } from './inert-checks.ts';
import { visitSite } from './inert-site.ts';

/**
 * Untrusted text stays inert: a local site whose page turns hostile after its baseline (markup,
 * `javascript:` links, markdown, Slack syntax and CR/LF in its title, headers, text, canonical
 * link, description and generator) is scanned by three real `run` processes in Chromium, with a
 * real SMTP server, a webhook receiver and a GitHub API stub; the site is built with Astro. No
 * output — the site's pages in Chromium, its feeds, the digest's headers and parts, the job
 * summaries, the issues and the webhook posts — runs or links anything from the page, and the
 * page's text is still shown, as text.
 */

const GITHUB_TOKEN = 'ghs_untrusted-text';
const REPOSITORY = 'acme/intel';
const CARTLY = 'acme/cartly';
const PLAINLY = 'acme/plainly';
/** The baseline, the hostile page's first scan, and the scan that confirms its changes (confirmScans: 2). */
const CYCLES = ['2026-11-28T00:00:00Z', '2026-11-28T06:00:00Z', '2026-11-28T12:00:00Z'];
const TIMEOUT = { timeout: 240_000 };
/** Alerts of every severity, mailed at once; page-text changes high, so they open issues too. */
const ALERTING = (webhook: string) =>
  [
    'alerts:',
    '  recipients: [intel@acme.example]',
    '  digest: immediate',
    '  minSeverity: low',
    '  githubIssue: true',
    `  webhook: ${webhook}`,
    'changes:',
    '  severity: { content_changed: high, infrastructure_changed: high }',
    '',
  ].join('\n');
/** The page's title as far as every output shows it (long texts are cut after it). */
const TITLE_SCRIPT = '</title><script>window.__pwned=1</script>';

describe('untrusted text from a scanned page', () => {
  it('stays inert in the site, the digest, the job summary, issues and webhooks', TIMEOUT, async () => {
    const state = { hostile: false };
    const fixture = await startFixtureServer({ routes: { '/cartly/': hostileRoute(state), '/plainly/': plainRoute } });
    onTestFinished(() => fixture.close());
    const webhook = await startWebhookServer();
    const github = await startGithubStub({ token: GITHUB_TOKEN, repository: REPOSITORY });
    const smtp = await startSmtpServer();

    const root = await tempDir();
    const monitorsDir = join(root, 'monitors');
    const dataDir = join(root, 'data');
    await mkdir(join(monitorsDir, 'acme'), { recursive: true });
    // The flag alone does not do: `run` validates the configs first, and their loopback URLs need the setting.
    await writeFile(join(monitorsDir, '_settings.yaml'), 'allowPrivateNetworks: true\n');
    const monitor = (name: string, path: string) => `name: ${name}\nurl: ${fixture.url(path)}\nschedule: "0 */6 * * *"\n`;
    await writeFile(join(monitorsDir, 'acme', 'cartly.yaml'), monitor('Cartly', '/cartly/') + ALERTING(webhook.url));
    await writeFile(join(monitorsDir, 'acme', 'plainly.yaml'), monitor('Plainly', '/plainly/'));

    const holes: string[] = [];
    const summaries: string[] = [];
    for (const [index, now] of CYCLES.entries()) {
      state.hostile = index > 0;
      // As Actions does, the step's summary and output files exist before the step runs.
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
      const argv = ['run', '--monitors', monitorsDir, '--data', dataDir, '--now', now, '--allow-private-networks'];
      const result = await spawnCli(argv, { cwd: root, env });
      expect(result.code, result.stderr).toBe(0);
      summaries.push(await readFile(summary, 'utf8'));
    }

    // The job summaries, rendered as GitHub renders markdown with HTML in it.
    for (const [index, summary] of summaries.entries()) holes.push(...markdownHoles(`job summary ${index}`, summary));
    const summaryText = load(renderMarkdown(summaries.at(-1) ?? ''))
      .root()
      .text();
    expect(summaryText).toContain(TITLE_SCRIPT);
    expect(summaryText).toContain(HOSTILE_HEADERS.server);

    // The digest: one mail, its headers untouched, its parts inert and still saying what the page said.
    expect(smtp.received).toHaveLength(1);
    for (const { raw, mail, envelope } of smtp.received) {
      holes.push(...mailHoles('digest', raw, mail));
      expect(envelope.to).toEqual(['intel@acme.example']);
      expect(mail.text).toContain(HOSTILE_TITLE);
      expect(
        load(mail.html || '')
          .root()
          .text(),
      ).toContain(HOSTILE_TITLE);
    }

    // Issues: page text only inside code spans, titles on one line.
    expect(github.issues.length).toBeGreaterThan(1);
    for (const issue of github.issues) {
      const where = `issue #${issue.number}`;
      if (/[\r\n]/.test(issue.title)) holes.push(`${where}: a line break in its title ${JSON.stringify(issue.title)}`);
      for (const [part, markdown] of [['body', issue.body], ...issue.comments.map((comment, n) => [`comment ${n + 1}`, comment])]) {
        holes.push(...markdownHoles(`${where} ${part}`, markdown ?? '', { pageTextInCode: true }));
      }
    }
    expect(github.issues.some((issue) => issue.body.includes(TITLE_SCRIPT))).toBe(true);

    // Webhooks: Slack's text escaped as mrkdwn; details are plain text and say what the page said.
    expect(webhook.posts.length).toBeGreaterThan(0);
    for (const [index, post] of webhook.posts.entries()) {
      const body = post.body;
      const text = typeof body === 'object' && body !== null ? Reflect.get(body, 'text') : null;
      if (typeof text !== 'string') holes.push(`webhook post ${index}: no text`);
      else holes.push(...slackHoles(`webhook post ${index}`, text));
    }
    expect(JSON.stringify(webhook.posts.map((post) => post.body))).toContain(JSON.stringify(HOSTILE_TITLE));

    // The site: every page in Chromium, the search and a compare selection run by their scripts, the feeds.
    const out = join(root, 'site');
    await buildSite({ dataDir, monitorsDir, outDir: out, base: '/', repository: REPOSITORY, now: new Date(CYCLES.at(-1) ?? '') });
    const site = await serveStatic(out);
    onTestFinished(() => site.close());
    const { pages, files, scriptLinks } = await crawl(site.root);
    holes.push(...scriptLinks);
    for (const [url, html] of pages) holes.push(...htmlHoles(url, html));
    const monitorPage = `${site.root}${SITE_PATHS.monitor(CARTLY)}`;
    const searchPage = `${site.root}${SITE_PATHS.search}?q=pwned`;
    const comparePage = `${site.root}${SITE_PATHS.compare}?m=${CARTLY},${PLAINLY}`;
    const browser = await launchChromium();
    onTestFinished(() => browser.close());
    const visits = await visitSite(browser, [...pages.keys(), searchPage, comparePage], {
      [SITE_PATHS.search]: '.pagefind-ui__result-link',
      [`${SITE_PATHS.compare}?m=`]: `[data-compare-column][data-id="${CARTLY}"]`,
    });
    holes.push(...visits.holes);
    expect(visits.texts.get(monitorPage)).toContain(TITLE_SCRIPT);
    expect(visits.texts.get(monitorPage)).toContain(HOSTILE_HEADERS.server);
    expect(visits.texts.get(monitorPage)).toContain(SCRIPT_TEXT);
    expect(visits.texts.get(searchPage)).toContain(TITLE_SCRIPT);
    expect(visits.texts.get(comparePage)).toContain(HOSTILE_HEADERS.server);

    const feeds = [...files].filter((file) => file.endsWith('.xml'));
    expect(feeds).toContain(`${site.root}${SITE_PATHS.monitorFeed(CARTLY)}`);
    for (const feed of feeds) {
      const xml = load(await (await fetch(feed)).text(), { xml: true });
      xml('item description').each((index, element) => void holes.push(...htmlHoles(`${feed} item ${index}`, xml(element).text())));
    }

    expect(holes).toEqual([]);
  });
});
