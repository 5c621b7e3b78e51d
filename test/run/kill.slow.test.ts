import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openAlertQueue } from '../../scripts/alerts/index.ts';
import { openStore } from '../../scripts/store/store.ts';
import { runCli, startCli } from '../helpers/cli.ts';
import { page, startFixtureServer, type RouteHandler } from '../helpers/fixture-server.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A run SIGKILLed half-way: the next run leaves data/ valid and complete — every monitor
 * scanned exactly once for the slot, one kept job per scan, no duplicate record anywhere.
 */

const SITES = 8;
const DOCUMENT_DELAY_MS = 700;

/** Local sites that each take a moment, monitors for them, and the run's command line. */
async function slowSitesWorkspace() {
  const routes: Record<string, RouteHandler> = {};
  for (let index = 1; index <= SITES; index += 1) {
    routes[`/site-${index}/`] = async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, DOCUMENT_DELAY_MS));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page(`<h1>Site ${index}</h1><p>Everything about site ${index}.</p>`, { title: `Site ${index}` }));
    };
  }
  const server = await startFixtureServer({ routes });
  onTestFinished(() => server.close());
  const root = await tempDir();
  const monitorsDir = join(root, 'monitors');
  const dataDir = join(root, 'data');
  await mkdir(join(monitorsDir, 'acme'), { recursive: true });
  await writeFile(join(monitorsDir, '_settings.yaml'), 'allowPrivateNetworks: true\n');
  for (let index = 1; index <= SITES; index += 1) {
    const alerts = 'alerts:\n  recipients: [intel@acme.example]\n  digest: daily\n';
    await writeFile(
      join(monitorsDir, 'acme', `site-${index}.yaml`),
      `name: Site ${index}\nurl: ${server.url(`/site-${index}/`)}\nschedule: "0 */6 * * *"\n${alerts}`,
    );
  }
  const argv = ['run', '--monitors', monitorsDir, '--data', dataDir, '--now', '2026-11-28T12:30:00Z', '--concurrency', '2'];
  const env = { TECHSCAN_OFFLINE: '1' };

  const store = openStore(dataDir);
  const stored = () =>
    readdir(join(dataDir, 'monitors', 'acme')).then(
      (names) => names.length,
      () => 0,
    );
  return { root, dataDir, argv, env, store, stored };
}

describe('a run killed with SIGKILL', () => {
  it('is finished by the next run without duplicating anything', { timeout: 120_000 }, async () => {
    const { root, dataDir, argv, env, store, stored } = await slowSitesWorkspace();
    const killed = startCli(argv, { cwd: root, env });
    while ((await stored()) < 2) {
      if (killed.child.exitCode !== null) throw new Error(`the run ended before it could be killed: ${(await killed.done).stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    killed.child.kill('SIGKILL');
    const first = await killed.done;
    expect(first.signal).toBe('SIGKILL');
    // Done before the kill: applied (latest.json) or journaled but not yet applied (replayed next).
    const ids = Array.from({ length: SITES }, (_, index) => `acme/site-${index + 1}`);
    const doneBeforeKill = (await Promise.all(ids.map(async (id) => (await store.latestScan(id)) ?? (await store.journal(id))))).filter(Boolean).length;
    expect(doneBeforeKill).toBeLessThan(SITES);

    const rerun = await runCli(argv, { cwd: root, env });
    expect(rerun.code, rerun.stderr).toBe(0);

    for (let index = 1; index <= SITES; index += 1) {
      const id = `acme/site-${index}`;
      const scans = await store.scans(id);
      const jobs = await store.jobs(id);
      expect(scans, id).toHaveLength(1);
      expect(scans[0]?.ok, id).toBe(true);
      expect(
        jobs.filter((job) => job.scanId !== null).map((job) => job.scanId),
        id,
      ).toEqual([scans[0]?.id]);
      expect(new Set(jobs.map((job) => job.id)).size, id).toBe(jobs.length);
      expect(await store.latestScan(id), id).toEqual(scans[0]);
      expect(await store.journal(id), id).toBeNull();
    }
    // Every record of the run reads back through its schema; the killed run left no run record.
    const runs = await store.runs();
    expect(runs.map((run) => run.scanned)).toEqual([SITES - doneBeforeKill]);
    expect(await openAlertQueue(dataDir).pending()).toEqual([]);
    // And a third run at the same time has nothing left to do.
    expect((await runCli(argv, { cwd: root, env })).stdout).toMatch(/^Nothing is due/);
  });
});

describe('a run interrupted with SIGINT', () => {
  it('finishes its writes, records the run as interrupted and exits 130', { timeout: 120_000 }, async () => {
    const { root, argv, env, store, stored } = await slowSitesWorkspace();
    const interrupted = startCli(argv, { cwd: root, env });
    while ((await stored()) < 1) await new Promise((resolve) => setTimeout(resolve, 25));
    interrupted.child.kill('SIGINT');
    const result = await interrupted.done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('Interrupted: finishing the current writes');
    const [run] = await store.runs();
    expect(run, result.stderr).toBeDefined();
    expect(run?.status).toBe('interrupted');
    expect(run?.scanned).toBeLessThan(SITES);
    for (const id of await store.monitorIds()) {
      expect(await store.journal(id), id).toBeNull();
      expect(await store.scans(id), id).toHaveLength(1);
    }
  });
});
