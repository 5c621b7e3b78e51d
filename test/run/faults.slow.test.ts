import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startSmtpServer } from '../alerts/smtp-server.ts';
import { auditData, duplicates, type DataSnapshot } from '../helpers/data-audit.ts';
import { startCli } from '../helpers/cli.ts';
import { page, startFixtureServer, type RouteHandler } from '../helpers/fixture-server.ts';
import { bareRemote, cloneOf, gitIn, MAIN, status } from '../helpers/git.ts';
import { seededRandom } from '../../scripts/bench/corpus/random.ts';

/**
 * `run --publish` as a real process over a repository cloned from a local bare remote, with
 * SMTP on loopback, SIGKILLed at a seeded random moment run after run. After every kill data/
 * reads back through its schemas and holds every scan, change, alert and digest it held
 * before, once; a last run without a kill finishes the work, and each digest reached the SMTP
 * server under one Message-ID. TECHSCAN_KILL_RUNS and TECHSCAN_KILL_SEED run more or others.
 */

const KILLED_RUNS = Number(process.env.TECHSCAN_KILL_RUNS ?? 20);
const SEED = Number(process.env.TECHSCAN_KILL_SEED ?? 15);
const SITES = 3;
const FIRST_SLOT = Date.parse('2026-11-02T00:30:00Z');
const SLOT_MS = 6 * 3600_000;

function monitorYaml(url: string, index: number): string {
  return [
    `name: Site ${index}`,
    `url: ${url}`,
    'schedule: "0 */6 * * *"',
    'scan: { depth: light, retries: 0, timeoutSeconds: 10 }',
    'changes: { confirmScans: 1 }',
    'alerts: { recipients: [intel@acme.example], digest: immediate, minSeverity: low }',
    '',
  ].join('\n');
}

async function killLoopWorkspace() {
  let generation = 0;
  const routes: Record<string, RouteHandler> = {};
  for (let index = 1; index <= SITES; index += 1) {
    routes[`/site-${index}/`] = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page(`<h1>Edition ${generation}</h1><p>Offer number ${generation} of site ${index}.</p>`, { title: `Site ${index} edition ${generation}` }));
    };
  }
  const server = await startFixtureServer({ routes });
  onTestFinished(() => server.close());
  const files: Record<string, string> = {
    'README.md': '# intel\n',
    '.gitignore': 'data/**/.pending.json\n',
    'data/README.md': '# data\n',
    'monitors/_settings.yaml': 'allowPrivateNetworks: true\nmail: { from: "TechScan <techscan@acme.example>" }\n',
  };
  for (let index = 1; index <= SITES; index += 1) files[`monitors/acme/site-${index}.yaml`] = monitorYaml(server.url(`/site-${index}/`), index);
  const remote = await bareRemote(files);
  const clone = await cloneOf(remote);
  const smtp = await startSmtpServer();
  return { remote, clone, smtp, setGeneration: (value: number) => void (generation = value) };
}

/** Ids recorded so far, by kind: each must still be there, once, after every later run. */
interface Recorded {
  scans: Set<string>;
  changes: Set<string>;
  alerts: Set<string>;
  digests: Set<string>;
}

function recordedIn(snapshot: DataSnapshot): Recorded {
  const journalAlerts = snapshot.journals.flatMap((journal) => journal.alerts.map((alert) => alert.id));
  return {
    scans: new Set([...snapshot.scans.map((scan) => scan.id), ...snapshot.journals.map((journal) => journal.scan.id)]),
    changes: new Set([...snapshot.changes.map((change) => change.id), ...snapshot.journals.flatMap((journal) => journal.changes.map((change) => change.id))]),
    alerts: new Set([...snapshot.pendingAlerts.map((alert) => alert.id), ...snapshot.alertHistory.map((alert) => alert.id), ...journalAlerts]),
    digests: new Set(snapshot.digests.map((digest) => digest.messageId)),
  };
}

function expectIntact(snapshot: DataSnapshot, before: Recorded, where: string): Recorded {
  expect(snapshot.problems, where).toEqual([]);
  expect(duplicates(snapshot.scans.map((scan) => scan.id)), `${where}: scans`).toEqual([]);
  expect(duplicates(snapshot.jobs.map((job) => job.id)), `${where}: jobs`).toEqual([]);
  expect(duplicates(snapshot.changes.map((change) => change.id)), `${where}: changes`).toEqual([]);
  expect(duplicates(snapshot.alertHistory.map((alert) => alert.id)), `${where}: alert history`).toEqual([]);
  expect(duplicates(snapshot.digests.map((digest) => digest.messageId)), `${where}: digests`).toEqual([]);
  expect(duplicates(snapshot.runs.map((run) => run.id)), `${where}: runs`).toEqual([]);
  const now = recordedIn(snapshot);
  for (const kind of ['scans', 'changes', 'alerts', 'digests'] as const) {
    expect([...before[kind]].filter((id) => !now[kind].has(id)), `${where}: ${kind} lost`).toEqual([]);
  }
  return now;
}

async function trackedTempFiles(dir: string): Promise<string[]> {
  const tracked = await gitIn(dir).raw(['ls-files', '--', 'data']);
  return tracked.split('\n').filter((name) => name.endsWith('.tmp'));
}

describe('runs SIGKILLed at random moments', () => {
  it(`lose and duplicate nothing over ${KILLED_RUNS} kills, and the next run finishes the work`, { timeout: 600_000 }, async () => {
    const { remote, clone, smtp, setGeneration } = await killLoopWorkspace();
    const random = seededRandom(SEED);
    const env = { TECHSCAN_OFFLINE: '1', ...smtp.env };
    const runAt = (slot: number) => startCli(['run', '--publish', '--now', new Date(FIRST_SLOT + slot * SLOT_MS).toISOString()], { cwd: clone, env });

    // The baseline run, whole: its duration is the window the kills fall in.
    const started = Date.now();
    const baseline = await runAt(0).done;
    expect(baseline.code, baseline.stderr).toBe(0);
    const windowMs = Date.now() - started;
    let recorded = expectIntact(await auditData(join(clone, 'data')), recordedIn(await auditData(join(clone, 'data'))), 'baseline');

    const outcomes: string[] = [];
    for (let slot = 1; slot <= KILLED_RUNS; slot += 1) {
      setGeneration(slot);
      const delayMs = Math.round(random() * windowMs);
      const running = runAt(slot);
      const timer = setTimeout(() => running.child.kill('SIGKILL'), delayMs);
      const result = await running.done;
      clearTimeout(timer);
      const where = `run ${slot} (seed ${SEED}, killed after ${delayMs} ms)`;
      if (result.signal === null) expect(result.code, `${where}: ${result.stderr}`).toBe(0);
      outcomes.push(result.signal ?? 'finished');
      if (process.env.TECHSCAN_KILL_VERBOSE) console.info(where, result.signal ?? result.code, Date.now() - started);
      recorded = expectIntact(await auditData(join(clone, 'data')), recorded, where);
      expect(await trackedTempFiles(clone), where).toEqual([]);
    }
    const killed = outcomes.filter((outcome) => outcome === 'SIGKILL').length;
    expect(killed, outcomes.join(' ')).toBeGreaterThanOrEqual(Math.ceil(KILLED_RUNS / 2));

    const finalSlot = KILLED_RUNS + 1;
    setGeneration(finalSlot);
    const last = await runAt(finalSlot).done;
    expect(last.code, last.stderr).toBe(0);
    const final = await auditData(join(clone, 'data'));
    expectIntact(final, recorded, 'final run');

    // The work is finished: nothing left to replay or to send, every monitor scanned for the last slot.
    expect(final.journals).toEqual([]);
    expect(final.pendingAlerts).toEqual([]);
    const finalSlotTime = new Date(FIRST_SLOT + finalSlot * SLOT_MS - 30 * 60_000).toISOString();
    for (let index = 1; index <= SITES; index += 1) {
      const kept = final.jobs.filter((job) => job.monitor === `acme/site-${index}` && job.scanId !== null).map((job) => job.scheduledFor);
      expect(kept.at(-1), `acme/site-${index}`).toBe(finalSlotTime);
    }
    // Every change raised its alert, and every alert went out in a digest the server received.
    const alertsByChange = new Set(final.alertHistory.map((alert) => alert.change.id));
    if (process.env.TECHSCAN_KILL_DEBUG) { const { cp } = await import('node:fs/promises'); await cp(clone, process.env.TECHSCAN_KILL_DEBUG, { recursive: true }); }
    expect(final.changes.filter((change) => !alertsByChange.has(change.id)).map((change) => change.id)).toEqual([]);
    expect(final.alertHistory.filter((alert) => alert.status !== 'sent')).toEqual([]);
    const receivedIds = new Set(smtp.received.map((mail) => mail.mail.messageId));
    expect(final.alertHistory.filter((alert) => !receivedIds.has(alert.messageId ?? undefined)).map((alert) => alert.id)).toEqual([]);
    // One Message-ID per recorded digest: a digest resent after a kill came under the same id.
    expect([...receivedIds].sort()).toEqual(final.digests.map((digest) => digest.messageId).sort());
    expect(final.changes.length).toBeGreaterThan(KILLED_RUNS / 2);

    // Published: the remote holds what the clone holds, and no temp file reached it.
    expect(await status(clone)).toBe('');
    expect((await gitIn(clone).revparse(['HEAD'])).trim()).toBe((await gitIn(remote).revparse([MAIN])).trim());
    expect(await trackedTempFiles(clone)).toEqual([]);
    console.info(`kill loop (seed ${SEED}): ${killed} of ${KILLED_RUNS} runs killed, ${final.scans.length} scans, ${final.changes.length} changes, ${final.digests.length} digests, ${smtp.received.length} messages received`);
  });
});
