import type { ServerResponse } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { runSchema } from '../../scripts/schema/run.ts';
import { openStore } from '../../scripts/store/store.ts';
import { runCli } from '../helpers/cli.ts';
import { page, startFixtureServer, type RouteHandler } from '../helpers/fixture-server.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * One run over 12 local sites in a real Chromium: steady, slow, failing twice then
 * recovering, failing for good. Asserts the job records, the retries, the pool bound, and that
 * a second run at the same --now scans nothing.
 */

const NOW = '2026-11-28T12:30:00Z';
const runOutput = z.object({ run: runSchema.nullable() });
const SLOW_MS = 1200;
const CONCURRENCY = 3;

type Behaviour = 'ok' | 'slow' | 'flaky' | 'gone' | 'error';
const SITES: readonly [slug: string, behaviour: Behaviour][] = [
  ['steady-1', 'ok'],
  ['steady-2', 'ok'],
  ['steady-3', 'ok'],
  ['steady-4', 'ok'],
  ['slow-1', 'slow'],
  ['slow-2', 'slow'],
  ['slow-3', 'slow'],
  ['flaky-1', 'flaky'],
  ['flaky-2', 'flaky'],
  ['gone-1', 'gone'],
  ['gone-2', 'gone'],
  ['broken-1', 'error'],
];

function sitesServer() {
  let inFlight = 0;
  const stats = { maxInFlight: 0, hits: new Map<string, number>() };
  const respond = (response: ServerResponse, status: number, body: string, navigation: boolean) => {
    if (navigation) inFlight -= 1;
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', server: 'fixture' });
    response.end(body);
  };
  const routes: Record<string, RouteHandler> = {};
  for (const [slug, behaviour] of SITES) {
    routes[`/${slug}/`] = async (request, response) => {
      // The security grade's CORS preflight is not a page load: answered at once, not counted.
      if (request.method === 'OPTIONS') return void response.writeHead(204).end();
      // Browser navigations are the scans; a scan's extra HTTP samples of the page are not.
      const navigation = request.headers['sec-fetch-mode'] === 'navigate';
      if (navigation) inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      const hit = (stats.hits.get(slug) ?? 0) + (navigation ? 1 : 0);
      stats.hits.set(slug, hit);
      const body = page(`<h1>${slug}</h1><p>Products and pricing for ${slug}.</p>`, { title: slug });
      // Every document takes a moment, so scans overlap and the pool bound is visible.
      await new Promise((resolve) => setTimeout(resolve, behaviour === 'slow' ? SLOW_MS : 300));
      if (behaviour === 'gone') return respond(response, 404, page('<h1>Not found</h1>', { title: 'Not found' }), navigation);
      if (behaviour === 'error' || (behaviour === 'flaky' && hit <= 2))
        return respond(response, 503, page('<h1>Unavailable</h1>', { title: 'Unavailable' }), navigation);
      respond(response, 200, body, navigation);
    };
  }
  return { routes, stats };
}

async function workspace(origin: (slug: string) => string) {
  const root = await tempDir();
  const monitorsDir = join(root, 'monitors');
  await mkdir(join(monitorsDir, 'acme'), { recursive: true });
  await writeFile(join(monitorsDir, '_settings.yaml'), 'allowPrivateNetworks: true\n');
  for (const [slug] of SITES) {
    await writeFile(join(monitorsDir, 'acme', `${slug}.yaml`), `name: ${slug}\nurl: ${origin(slug)}\nschedule: "0 */6 * * *"\n`);
  }
  return { root, monitorsDir, dataDir: join(root, 'data') };
}

describe('run over 12 local sites in a real browser', () => {
  it('scans through a bounded pool, retries what is transient, records every attempt', { timeout: 120_000 }, async () => {
    const { routes, stats } = sitesServer();
    const server = await startFixtureServer({ routes });
    onTestFinished(() => server.close());
    const { root, monitorsDir, dataDir } = await workspace((slug) => server.url(`/${slug}/`));
    const argv = ['run', '--monitors', monitorsDir, '--data', dataDir, '--now', NOW, '--concurrency', String(CONCURRENCY), '--retry-delay', '100', '--json'];
    const env = { TECHSCAN_OFFLINE: '1' };

    const first = await runCli(argv, { cwd: root, env });
    expect(first.code, first.stderr).toBe(0);
    const report = runOutput.parse(JSON.parse(first.stdout));
    expect(report.run).toMatchObject({ monitors: 12, due: 12, skipped: 0, scanned: 9, failed: 3, retried: 6, status: 'completed' });
    expect(stats.maxInFlight).toBe(CONCURRENCY);

    const store = openStore(dataDir);
    const attempts = async (slug: string) =>
      (await store.jobs(`acme/${slug}`)).map((job) => `${job.attempt}:${job.status}:${job.error?.kind ?? ''}${job.scanId ? ':kept' : ''}`);
    expect(await attempts('steady-1')).toEqual(['1:completed::kept']);
    expect(await attempts('slow-1')).toEqual(['1:completed::kept']);
    // Two 503s are transient: retried, and the third attempt succeeds.
    expect(await attempts('flaky-1')).toEqual(['1:failed:http_error', '2:failed:http_error', '3:completed::kept']);
    // A 404 is permanent: one attempt only.
    expect(await attempts('gone-1')).toEqual(['1:failed:http_error:kept']);
    // A 503 that never ends: the first attempt and two retries (scan.retries defaults to 2).
    expect(await attempts('broken-1')).toEqual(['1:failed:http_error', '2:failed:http_error', '3:failed:http_error:kept']);
    expect(stats.hits.get('flaky-2')).toBe(3);
    expect(stats.hits.get('gone-2')).toBe(1);

    for (const [slug, behaviour] of SITES) {
      const scans = await store.scans(`acme/${slug}`);
      expect(scans, slug).toHaveLength(1);
      expect(scans[0]?.ok, slug).toBe(behaviour !== 'gone' && behaviour !== 'error');
      const jobs = await store.jobs(`acme/${slug}`);
      expect(
        jobs.filter((job) => job.scanId !== null).map((job) => job.scanId),
        slug,
      ).toEqual([scans[0]?.id]);
      expect(new Set(jobs.map((job) => job.scheduledFor)), slug).toEqual(new Set(['2026-11-28T12:30:00.000Z']));
    }
    expect(await store.runs()).toHaveLength(1);

    // The same --now again: everything was scanned for this slot, so nothing is due.
    const hitsBefore = [...stats.hits.values()].reduce((sum, count) => sum + count, 0);
    const second = await runCli(argv, { cwd: root, env });
    expect(second.code).toBe(0);
    expect(runOutput.parse(JSON.parse(second.stdout)).run).toBeNull();
    expect([...stats.hits.values()].reduce((sum, count) => sum + count, 0)).toBe(hitsBefore);
    expect(await store.runs()).toHaveLength(1);
  });
});
