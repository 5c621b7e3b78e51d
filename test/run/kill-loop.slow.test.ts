import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openAlertQueue } from '../../scripts/alerts/index.ts';
import { seededRandom } from '../../scripts/bench/corpus/random.ts';
import { openStore } from '../../scripts/store/store.ts';
import { startSmtpServer } from '../alerts/smtp-server.ts';
import { startCli } from '../helpers/cli.ts';
import { page, startFixtureServer, type RouteHandler } from '../helpers/fixture-server.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Faults lose nothing: runs of a repository on a 6-hourly schedule, each SIGKILLed at a random
 * moment (while it starts, scans, writes or mails), over sites that change now and then. After
 * the loop one run is let finish; then data/ reads back whole, nothing recorded is doubled, every
 * change has its alert, and every digest the SMTP server received is recorded exactly once.
 */

const SITES = 5;
const KILLED_RUNS = 20;
const MAX_RUNS = 30;
/** Unkilled runs after the loop, at most: a day and a half of slots, so a digest hour passes. */
const FINISHING_RUNS = 6;
const SIX_HOURS_MS = 6 * 3_600_000;
const START = Date.parse('2026-11-01T01:00:00Z');
/** Kills land between these, so every stage of a run is hit: start-up, scans, writes, mail. */
const KILL_AFTER_MS = { min: 1_000, max: 6_500 };
const SEED = 20_261_207;

const nowOf = (run: number) => new Date(START + run * SIX_HOURS_MS).toISOString();
const duplicates = (ids: readonly string[]) => ids.filter((id, index) => ids.indexOf(id) !== index);

async function workspace(version: () => number) {
  const routes: Record<string, RouteHandler> = {};
  for (let index = 1; index <= SITES; index += 1) {
    routes[`/site-${index}/`] = (_request, response) => {
      // Every few runs a site changes its text and whether it sends X-Frame-Options.
      const v = Math.floor(version() / (2 + index));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(v % 2 === 1 ? { 'x-frame-options': 'DENY' } : {}) });
      response.end(page(`<h1>Site ${index}</h1><p>Our offer, edition ${v}.</p><p>Everything about site ${index}.</p>`, { title: `Site ${index}` }));
    };
  }
  const server = await startFixtureServer({ routes });
  onTestFinished(() => server.close());
  const root = await tempDir();
  const monitorsDir = join(root, 'monitors');
  await mkdir(join(monitorsDir, 'acme'), { recursive: true });
  await writeFile(join(monitorsDir, '_settings.yaml'), 'allowPrivateNetworks: true\ndigests:\n  hour: 8\n  timezone: Europe/Berlin\n');
  for (let index = 1; index <= SITES; index += 1) {
    await writeFile(
      join(monitorsDir, 'acme', `site-${index}.yaml`),
      `name: Site ${index}\nurl: ${server.url(`/site-${index}/`)}\nschedule: "0 */6 * * *"\nalerts:\n  recipients: [intel@acme.example]\n  digest: daily\n  minSeverity: low\n`,
    );
  }
  return { root, monitorsDir, dataDir: join(root, 'data') };
}

describe('runs killed at random moments', () => {
  it(`lose and double nothing over ${KILLED_RUNS} kills`, { timeout: 240_000 }, async () => {
    let run = 0;
    let version = 0;
    const { root, monitorsDir, dataDir } = await workspace(() => version);
    const smtp = await startSmtpServer();
    const random = seededRandom(SEED);
    const argv = (at: number) => ['run', '--monitors', monitorsDir, '--data', dataDir, '--now', nowOf(at), '--concurrency', '2'];
    const env = { TECHSCAN_OFFLINE: '1', ...smtp.env };

    let kills = 0;
    // A run that finishes before its kill is just a run; the loop goes on until 20 were killed.
    for (; kills < KILLED_RUNS && run < MAX_RUNS; run += 1) {
      version = run;
      const started = startCli(argv(run), { cwd: root, env });
      const delay = KILL_AFTER_MS.min + random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min);
      const timer = setTimeout(() => started.child.kill('SIGKILL'), delay);
      const result = await started.done;
      clearTimeout(timer);
      if (result.signal === 'SIGKILL') kills += 1;
      else expect(result.code, result.stderr).toBe(0);
    }
    expect(kills).toBe(KILLED_RUNS);

    // Then runs finish the work, the sites held still, until a change was found and mailed: the
    // kills can leave too few scans in a row for any change to hold (how many depends on the
    // machine's speed), and a digest goes out at its hour only.
    const store = openStore(dataDir);
    const changesFound = async () => (await Promise.all((await store.monitorIds()).map((id) => store.changes(id)))).flat().length;
    for (let finishing = 0; finishing < FINISHING_RUNS; finishing += 1, run += 1) {
      const finished = await startCli(argv(run), { cwd: root, env }).done;
      expect(finished.code, finished.stderr).toBe(0);
      if (smtp.received.length > 0 && (await changesFound()) > 0) break;
    }

    // Everything reads back through its schema (a torn or doubled line would throw here).
    const queue = openAlertQueue(dataDir);
    const ids = await store.monitorIds();
    expect(ids).toHaveLength(SITES);
    const pending = await queue.pending();
    const closed = await queue.history();
    const digests = await queue.digests();
    const alertedChanges = new Set([...pending, ...closed].map((alert) => alert.change.id));
    let changeCount = 0;
    for (const id of ids) {
      const [scans, jobs, changes] = await Promise.all([store.scans(id), store.jobs(id), store.changes(id)]);
      changeCount += changes.length;
      expect(duplicates(scans.map((scan) => scan.id)), id).toEqual([]);
      expect(duplicates(jobs.map((job) => job.id)), id).toEqual([]);
      expect(duplicates(changes.map((change) => change.id)), id).toEqual([]);
      // One kept scan per schedule slot, and it is the one stored.
      const kept = jobs.filter((job) => job.scanId !== null);
      expect(duplicates(kept.map((job) => job.scheduledFor)), id).toEqual([]);
      expect(kept.map((job) => job.scanId).sort(), id).toEqual(scans.map((scan) => scan.id).sort());
      expect(await store.journal(id), id).toBeNull();
      // Every change has its alert.
      expect(
        changes.filter((change) => !alertedChanges.has(change.id)).map((change) => change.summary),
        id,
      ).toEqual([]);
    }
    expect(changeCount).toBeGreaterThan(0);
    expect(duplicates([...pending, ...closed].map((alert) => alert.id))).toEqual([]);

    // Every digest the server received is recorded once, under the Message-ID it went out with.
    const received = [...new Set(smtp.received.map((item) => item.mail.messageId ?? ''))].sort();
    expect(received.length).toBeGreaterThan(0);
    expect(duplicates(digests.map((digest) => digest.messageId))).toEqual([]);
    expect(digests.map((digest) => digest.messageId).sort()).toEqual(received);
    expect((await store.runs()).every((record) => record.status === 'completed' || record.status === 'interrupted')).toBe(true);
  });
});
