import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { changeSchema, type Change } from '../../scripts/schema/change.ts';
import { runSchema } from '../../scripts/schema/run.ts';
import { openStore } from '../../scripts/store/store.ts';
import { runCli } from '../helpers/cli.ts';
import { page, startFixtureServer, type RouteHandler } from '../helpers/fixture-server.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Change detection end to end: the real `run` command (in-process, offline) scans local
 * fixture sites in a real Chromium at standard depth, detects changes and stores them; the
 * test reads them back through the store and the `changes --json` command.
 *
 * - A site whose new version upgrades jQuery, adds Day.js, drops React, drops the
 *   X-Frame-Options header and answers 2 s later produces exactly the expected changes.
 * - A site that serves fresh nonces, CSRF tokens, timestamps, cookies and a rotating promo
 *   on every request, scanned 10 times with the default noise controls, produces none.
 *
 * Each run is one schedule slot later (--now advances 6 hours on "0 *\/6 * * *"), so the
 * monitor is due again; the scans themselves happen at wall-clock time.
 */

const SCHEDULE = '0 */6 * * *';
const FIRST_SLOT_MS = Date.parse('2026-11-28T00:30:00Z');
const SLOT_MS = 6 * 60 * 60 * 1000;
const ENV = { TECHSCAN_OFFLINE: '1' };
const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));
/** A delay well past the TTFB, FCP and LCP floors (100, 200, 300 ms) and any scan-to-scan jitter. */
const DOCUMENT_DELAY_MS = 2000;
const QUIET_SCANS = 10;

const runOutput = z.object({ run: runSchema.nullable() });

/** The `now` of the n-th run (0-based): one schedule slot after the previous run's. */
function slot(run: number): string {
  return new Date(FIRST_SLOT_MS + run * SLOT_MS).toISOString();
}

/** Serves a file of an installed npm package, as a site serves its vendored libraries. */
function vendored(path: string): RouteHandler {
  return async (_request, response) => {
    const body = await readFile(join(NODE_MODULES, path));
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', server: 'nginx/1.25.3' });
    response.end(body);
  };
}

async function workspace(slug: string, url: string, monitorYaml: string) {
  const root = await tempDir();
  const monitorsDir = join(root, 'monitors');
  const dataDir = join(root, 'data');
  await mkdir(join(monitorsDir, 'acme'), { recursive: true });
  await writeFile(join(monitorsDir, '_settings.yaml'), 'allowPrivateNetworks: true\n');
  await writeFile(join(monitorsDir, 'acme', `${slug}.yaml`), `name: ${slug}\nurl: ${url}\nschedule: "${SCHEDULE}"\n${monitorYaml}`);
  const id = `acme/${slug}`;
  const run = async (index: number) => {
    const result = await runCli(['run', '--monitors', monitorsDir, '--data', dataDir, '--now', slot(index), '--json'], { cwd: root, env: ENV });
    expect(result.code, result.stderr).toBe(0);
    const record = runOutput.parse(JSON.parse(result.stdout)).run;
    // Every run finds the monitor due (a new slot) and scans it successfully.
    expect(record, `run ${index}`).toMatchObject({ due: 1, scanned: 1, failed: 0 });
    return record;
  };
  const listedChanges = async () => {
    const result = await runCli(['changes', '--monitors', monitorsDir, '--data', dataDir, '--json'], { cwd: root, env: ENV });
    expect(result.code, result.stderr).toBe(0);
    return z.array(changeSchema).parse(JSON.parse(result.stdout));
  };
  return { id, store: openStore(dataDir), run, listedChanges };
}

/** One key per change: its type and what it is about. */
function keyOf(change: Change): string {
  switch (change.type) {
    case 'technology_added':
    case 'technology_removed':
    case 'technology_version_changed':
      return `${change.type} ${change.data.technology}`;
    case 'performance_degraded':
    case 'performance_improved':
      return `${change.type} ${change.data.metric}`;
    case 'security_header_added':
    case 'security_header_removed':
    case 'security_header_changed':
      return `${change.type} ${change.data.header}`;
    default:
      return change.type;
  }
}

// ---------------------------------------------------------------------------------------------
// A site that ships a new version between two runs.

type Version = 'v1' | 'v2';

/**
 * The two versions have the same title, headings and visible text, the same Server header and
 * scripts of nearly the same weight (jQuery 3.6.4 89.8 KB + React 10.8 KB against jQuery 3.7.1
 * 87.5 KB + Day.js 7.2 KB: 5.9 KB lighter, far under the 50 KB transfer floor), so only what
 * the test changes can change.
 */
function versionedSite(current: () => Version): Record<string, RouteHandler> {
  const body = `
    <header><h1>Northwind Analytics</h1><nav><a href="/">Product</a> <a href="/">Pricing</a> <a href="/">Customers</a></nav></header>
    <main>
      <h2>Dashboards your whole team will read</h2>
      <p>Northwind turns the numbers scattered across your tools into one page a week that everybody understands.</p>
      <h2>Simple pricing</h2>
      <p>Starter is free for three people. Team costs 12 euros per person and month, billed yearly.</p>
    </main>
    <footer><p>Northwind Analytics, Rotterdam.</p></footer>`;
  const scripts: Record<Version, string> = {
    v1: '<script src="/js/jquery.min.js"></script><script src="/js/react.production.min.js"></script>',
    v2: '<script src="/js/jquery.min.js"></script><script src="/js/dayjs.min.js"></script>',
  };
  const securityHeaders = {
    'content-security-policy': "default-src 'self'; script-src 'self'; object-src 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  return {
    '/': async (_request, response) => {
      const version = current();
      if (version === 'v2') await new Promise((resolve) => setTimeout(resolve, DOCUMENT_DELAY_MS));
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        server: 'nginx/1.25.3',
        ...securityHeaders,
        ...(version === 'v1' ? { 'x-frame-options': 'DENY' } : {}),
      });
      response.end(page(`${body}${scripts[version]}`, { title: 'Northwind Analytics — dashboards for teams' }));
    },
    // One URL, two real jQuery builds: the version is read from the code (jQuery.fn.jquery).
    '/js/jquery.min.js': (request, response) => vendored(current() === 'v1' ? 'jquery-3.6.4/dist/jquery.min.js' : 'jquery/dist/jquery.min.js')(request, response),
    '/js/react.production.min.js': vendored('react/umd/react.production.min.js'),
    '/js/dayjs.min.js': vendored('dayjs/dayjs.min.js'),
  };
}

describe('a site that ships a new version between two runs', () => {
  it('produces exactly the changes the new version brings', { timeout: 120_000 }, async () => {
    let version: Version = 'v1';
    const server = await startFixtureServer({ routes: versionedSite(() => version) });
    onTestFinished(() => server.close());
    // One scan is the baseline, one scan confirms: the two runs compare v1 with v2 directly.
    const changeRules = 'changes:\n  removalAfterScans: 1\n  confirmScans: 1\n  performance:\n    baselineScans: 1\n    confirmScans: 1\n';
    const { id, store, run, listedChanges } = await workspace('northwind', server.url('/'), changeRules);

    const first = await run(0);
    // The first scan is the monitor's baseline: nothing "added".
    expect(first?.changes.total).toBe(0);
    expect(await store.changes(id)).toEqual([]);

    version = 'v2';
    const second = await run(1);
    const scans = await store.scans(id);
    expect(scans).toHaveLength(2);
    const [before, after] = scans;
    if (!before || !after) throw new Error('the two runs did not record two scans');
    // The scans really saw the two versions.
    const versions = (technologies: readonly { name: string; version: string | null }[]) => Object.fromEntries(technologies.map((tech) => [tech.name, tech.version]));
    expect(versions(before.technologies)).toMatchObject({ jQuery: '3.6.4', React: '18.3.1', Nginx: '1.25.3' });
    expect(versions(after.technologies)).toMatchObject({ jQuery: '3.7.1', 'Day.js': null, Nginx: '1.25.3' });

    const changes = await store.changes(id);
    expect(changes.map(keyOf).sort()).toEqual(
      [
        // jQuery.fn.jquery reads 3.7.1 instead of 3.6.4: a minor bump, low.
        'technology_version_changed jQuery',
        // window.dayjs appears: a JavaScript library, medium.
        'technology_added Day.js',
        // window.React (React.version 18.3.1) is gone for one scan, which is enough with
        // removalAfterScans: 1. React is a JavaScript framework: high.
        'technology_removed React',
        // X-Frame-Options: DENY is no longer sent: high.
        'security_header_removed x-frame-options',
        // Without X-Frame-Options or CSP frame-ancestors the Observatory takes 20 more points:
        // 100 − 20 (no HSTS: plain HTTP) − 20 (http:// does not redirect to https://) = 60, C+,
        // becomes 40, D+ — three steps down: high.
        'security_grade_changed',
        // The document now waits 2 s before answering: time to first byte, and with it the
        // first and the largest contentful paint, all move by far more than 20% and their floors.
        'performance_degraded ttfbMs',
        'performance_degraded fcpMs',
        'performance_degraded lcpMs',
        // Not here: transfer size (5.9 KB lighter, under the 50 KB floor), CLS (0 both times),
        // content (same text, title and headings), infrastructure (same server, address,
        // protocol), redirects (none), certificate (plain HTTP), availability (both scans ok).
      ].sort(),
    );

    const byKey = new Map(changes.map((change) => [keyOf(change), change]));
    for (const change of changes) expect(change, keyOf(change)).toMatchObject({ monitor: id, fromScan: before.id, toScan: after.id, detectedAt: after.scannedAt });
    expect(byKey.get('technology_version_changed jQuery')).toMatchObject({
      severity: 'low',
      summary: 'jQuery 3.6.4 → 3.7.1',
      data: { technology: 'jQuery', version: '3.7.1', previousVersion: '3.6.4', categories: ['JavaScript libraries'] },
    });
    expect(byKey.get('technology_added Day.js')).toMatchObject({ severity: 'medium', data: { technology: 'Day.js', previousVersion: null } });
    expect(byKey.get('technology_removed React')).toMatchObject({
      severity: 'high',
      summary: 'React 18.3.1 removed',
      data: { technology: 'React', version: '18.3.1', categories: ['JavaScript frameworks'], absentScans: 1 },
    });
    expect(byKey.get('security_header_removed x-frame-options')).toMatchObject({
      severity: 'high',
      data: { header: 'x-frame-options', previousValue: 'DENY', value: null },
    });
    expect(byKey.get('security_grade_changed')).toMatchObject({
      severity: 'high',
      summary: 'Security grade C+ → D+',
      data: { previousGrade: 'C+', grade: 'D+', previousScore: 60, score: 40 },
    });
    for (const metric of ['ttfbMs', 'fcpMs', 'lcpMs'] as const) {
      const change = byKey.get(`performance_degraded ${metric}`);
      expect(change?.type).toBe('performance_degraded');
      if (change?.type !== 'performance_degraded') continue;
      // Against the one-scan baseline (v1's own value), the new value carries the whole delay.
      expect(change.data.baseline, metric).toBe(before.performance?.[metric]);
      expect(change.data.value, metric).toBe(after.performance?.[metric]);
      expect(change.data.value - change.data.baseline, metric).toBeGreaterThan(DOCUMENT_DELAY_MS / 2);
    }

    // The run reports what it found, and the changes command lists the same records.
    expect(second?.changes.total).toBe(changes.length);
    expect((await listedChanges()).map((change) => change.id).sort()).toEqual(changes.map((change) => change.id).sort());
  });
});

// ---------------------------------------------------------------------------------------------
// A site whose every response differs, though nothing about it changes.

const PROMOS = [
  { heading: 'Black Friday: 30% off every plan', text: 'Use code FRIDAY30 at checkout before Monday night.' },
  { heading: 'New: the Slack integration', text: 'Send the weekly page to any channel your team already reads.' },
  { heading: 'Webinar on Thursday', text: 'Join our head of data for a live tour of the new dashboards.' },
] as const;

/**
 * What varies per request, as on real sites: a CSP nonce in the header and on the inline
 * scripts, a CSP report URI with a request id, a CSRF token in a hidden input and a meta tag,
 * a session cookie, a request id, an ETag, the Date header, a server-rendered timestamp, a
 * "people viewing" counter, a clock written by an inline script, a cache-busting query on the
 * script URL, and a promo block rotating through three messages (left out by the monitor's
 * `scan.ignore.selectors`, as a user would configure it). The page text is long enough that
 * the timestamp, counter and clock stay under the 5% content threshold, as on a real page.
 */
function quietSite(): { routes: Record<string, RouteHandler>; served: { pages: number; nonces: Set<string>; promos: Set<number> } } {
  const served = { pages: 0, nonces: new Set<string>(), promos: new Set<number>() };
  const paragraphs = [
    'Ledgerly keeps the books of small companies in order without an accountant on staff. Invoices, receipts and bank lines meet in one place, and the monthly close takes an afternoon instead of a week.',
    'Connect your bank once and every payment is matched to its invoice automatically. What cannot be matched waits in a short list for you, with a suggestion for each line and the receipt next to it.',
    'Quarterly tax returns are prepared from the same records, checked against last year, and ready to file. Your accountant can log in with their own account and see exactly what you see, nothing more.',
    'Teams in twelve countries run their books on Ledgerly, from bakeries with two people to software studios with sixty. Every plan includes unlimited invoices, unlimited users and support by people who know bookkeeping.',
  ];
  const routes: Record<string, RouteHandler> = {
    '/': (request, response) => {
      // The security grade's CORS preflight is not a page view.
      if (request.method === 'OPTIONS') return void response.writeHead(204).end();
      const nonce = randomBytes(16).toString('base64');
      const csrf = randomBytes(32).toString('hex');
      const promoIndex = served.pages % PROMOS.length;
      const promo = PROMOS[promoIndex] ?? PROMOS[0];
      served.pages += 1;
      served.nonces.add(nonce);
      served.promos.add(promoIndex);
      const head = `<meta name="description" content="Bookkeeping for small companies."><meta name="csrf-token" content="${csrf}"><link rel="canonical" href="https://ledgerly.example/">`;
      const body = `
        <header><h1>Ledgerly</h1><nav><a href="/">Features</a> <a href="/">Pricing</a> <a href="/">Sign in</a></nav></header>
        <aside class="promo"><h3>${promo.heading}</h3><p>${promo.text}</p></aside>
        <main>
          <h2>Bookkeeping that closes itself</h2>
          ${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}
          <p>Prices updated ${new Date().toISOString()}. <span>${randomInt(3, 60)} people are looking at this page.</span></p>
          <p>Local time: <span id="clock"></span></p>
          <form method="post" action="/signup"><input type="hidden" name="csrf_token" value="${csrf}"><input type="email" name="email" placeholder="you@company.example"><button>Start free</button></form>
        </main>
        <footer><p>Ledgerly B.V., Utrecht.</p></footer>
        <script nonce="${nonce}">document.getElementById('clock').textContent = new Date().toLocaleTimeString('en-US');</script>
        <script nonce="${nonce}" src="/assets/jquery.min.js?v=${randomBytes(4).toString('hex')}"></script>`;
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        server: 'nginx',
        'content-security-policy': `default-src 'self'; script-src 'self' 'nonce-${nonce}'; object-src 'none'; frame-ancestors 'self'; report-uri /csp-report?request=${randomBytes(6).toString('hex')}`,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'strict-origin-when-cross-origin',
        'set-cookie': `session_id=${randomBytes(18).toString('base64url')}; Path=/; HttpOnly; SameSite=Lax`,
        'x-request-id': randomBytes(8).toString('hex'),
        etag: `"${randomBytes(10).toString('hex')}"`,
        'cache-control': 'no-store',
      });
      response.end(page(body, { title: 'Ledgerly — bookkeeping for small companies', head }));
    },
    '/assets/jquery.min.js': vendored('jquery/dist/jquery.min.js'),
  };
  return { routes, served };
}

describe('a site that differs on every request but never changes', () => {
  it(`scanned ${QUIET_SCANS} times with the default noise controls, produces no change`, { timeout: 180_000 }, async () => {
    const { routes, served } = quietSite();
    const server = await startFixtureServer({ routes });
    onTestFinished(() => server.close());
    const { id, store, run, listedChanges } = await workspace('ledgerly', server.url('/'), 'scan:\n  ignore:\n    selectors: [".promo"]\n');

    for (let index = 0; index < QUIET_SCANS; index += 1) {
      const record = await run(index);
      expect(record?.changes.total, `run ${index}`).toBe(0);
    }

    // The noise reached the pipeline: every scan saw its own nonce, and the promo rotated.
    const scans = await store.scans(id);
    expect(scans).toHaveLength(QUIET_SCANS);
    expect(served.pages).toBe(QUIET_SCANS);
    expect(served.nonces.size).toBe(QUIET_SCANS);
    expect(served.promos.size).toBe(PROMOS.length);
    expect(new Set(scans.map((scan) => scan.security?.headers['content-security-policy'])).size).toBe(QUIET_SCANS);
    expect(new Set(scans.map((scan) => scan.content?.textHash)).size).toBe(QUIET_SCANS);
    for (const scan of scans) {
      expect(scan.ok).toBe(true);
      expect(scan.technologies.map((tech) => `${tech.name} ${tech.version ?? ''}`.trim())).toEqual(expect.arrayContaining(['jQuery 3.7.1', 'Nginx']));
      // The promo (heading and text) is left out by the ignore selector.
      expect(scan.content?.headings.map((heading) => heading.text)).toEqual(['Ledgerly', 'Bookkeeping that closes itself']);
    }
    // And none of it reads as a change.
    expect(await store.changes(id)).toEqual([]);
    expect(await listedChanges()).toEqual([]);
  });
});
