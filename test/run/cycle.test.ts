import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createMailer, openAlertQueue, openChannels } from '../../scripts/alerts/index.ts';
import { runCycle, type RunEdges, type RunOptions } from '../../scripts/run/cycle.ts';
import { settingsFileSchema } from '../../scripts/schema/monitor.ts';
import { silentProgress } from '../../scripts/run/progress.ts';
import type { Scanner, ScanRequest } from '../../scripts/scan/contract.ts';
import { openStore, type Store } from '../../scripts/store/store.ts';
import { DEFAULT_BLOCKS, scan } from '../helpers/records.ts';
import { tempDir } from '../helpers/temp.ts';
import { hostOf, scriptedConfig, scriptedOutcome, type Step } from './scripted.ts';

/**
 * The run's own logic — queueing, retries, job records, journals — with a scanner that
 * follows a script per URL. The real browser and fixture sites are in run.slow.test.ts.
 */

/** A scanner that plays each URL's steps in order (repeating the last), tracking concurrency. */
function scriptedScanner(script: Record<string, Step[]>, clock: () => Date, scanMs = 20) {
  let inFlight = 0;
  const stats = { maxInFlight: 0, calls: [] as string[], closed: false };
  const played = new Map<string, number>();
  const scanner: Scanner = {
    maxDepth: 'standard',
    async scan(request: ScanRequest) {
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      stats.calls.push(request.monitor ?? request.url);
      await new Promise((resolve) => setTimeout(resolve, scanMs));
      inFlight -= 1;
      const host = hostOf(request);
      const index = played.get(host) ?? 0;
      played.set(host, index + 1);
      const steps = script[host] ?? ['ok'];
      const step = steps[Math.min(index, steps.length - 1)] ?? 'ok';
      return scriptedOutcome(request, step, clock().toISOString(), index, `text of ${host}`);
    },
    async close() {
      stats.closed = true;
    },
  };
  return { scanner, stats };
}

function edges(store: Store, scanner: Scanner, extra: Partial<RunEdges> = {}): RunEdges {
  const mailer = createMailer({}, join(store.dataDir, '.outbox'));
  return {
    store,
    queue: openAlertQueue(store.dataDir),
    openScanner: async () => scanner,
    channels: openChannels({ env: {}, monitors: [], settings: settingsFileSchema.parse({}), siteBaseUrl: null, mailer }),
    clock: stepClock(),
    sleep: async () => {},
    progress: silentProgress,
    ...extra,
  };
}

const options = (overrides: Partial<RunOptions> = {}): RunOptions => ({
  now: new Date('2026-11-28T12:30:00.000Z'),
  only: [],
  force: false,
  concurrency: 5,
  dryRun: false,
  trigger: 'local',
  retryBaseMs: 1000,
  ...overrides,
});

const CLOCK_START = Date.parse('2026-11-28T12:00:00.000Z');

/** A clock that moves a second per reading, from the same start in every test: no test sees another's time. */
function stepClock(start = CLOCK_START): () => Date {
  let tick = start;
  return () => new Date((tick += 1000));
}

describe('runCycle', () => {
  it('retries transient failures, not permanent ones, and records every attempt', async () => {
    const store = openStore(await tempDir());
    const monitors = scriptedConfig({ steady: '', flaky: '', down: '', broken: '', gone: 'scan:\n  retries: 1\n' });
    const { scanner, stats } = scriptedScanner({ flaky: ['timeout', 'connection_reset', 'ok'], down: ['dns'], broken: [503], gone: ['timeout'] }, stepClock());
    const slept: number[] = [];
    const report = await runCycle(monitors, options(), edges(store, scanner, { sleep: async (ms) => void slept.push(ms) }));

    const attempts = Object.fromEntries(report.outcomes.map((outcome) => [outcome.monitor.slug, outcome.jobs.map((job) => job.status)]));
    expect(attempts).toEqual({
      broken: ['failed', 'failed', 'failed'],
      down: ['failed'],
      flaky: ['timed_out', 'failed', 'completed'],
      gone: ['timed_out', 'timed_out'],
      steady: ['completed'],
    });
    // Backoff doubles: 1 s before the 2nd attempt, 2 s before the 3rd.
    expect(slept.sort((a, b) => a - b)).toEqual([1000, 1000, 1000, 2000, 2000]);
    expect(report.run).toMatchObject({ due: 5, scanned: 2, failed: 3, retried: 5, status: 'completed' });
    expect(stats.closed).toBe(true);

    // Only the final attempt's scan is stored; every attempt has a job record pointing at it when kept.
    const flakyJobs = await store.jobs('acme/flaky');
    const flakyScans = await store.scans('acme/flaky');
    expect(flakyScans).toHaveLength(1);
    expect(flakyJobs.map((job) => [job.attempt, job.scanId])).toEqual([
      [1, null],
      [2, null],
      [3, flakyScans[0]?.id],
    ]);
    expect(flakyJobs.every((job) => job.scheduledFor === '2026-11-28T12:30:00.000Z')).toBe(true);
    expect((await store.latestScan('acme/down'))?.error?.kind).toBe('dns');
    // The wording of the blocks the scans name is kept beside the history, for excerpts.
    expect(Object.values(await store.blockTexts('acme/flaky')).sort()).toEqual(DEFAULT_BLOCKS.map((block) => `${block} (flaky)`).sort());
    expect(await store.blockTexts('acme/down')).toEqual({});
    expect(await store.runs()).toEqual([report.run]);
  });

  it('never has more scans in flight than the concurrency limit', async () => {
    const monitors = scriptedConfig(Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`site-${index}`, ''])));
    const { scanner, stats } = scriptedScanner({}, stepClock(), 30);
    await runCycle(monitors, options({ concurrency: 3 }), edges(openStore(await tempDir()), scanner));
    expect(stats.calls).toHaveLength(12);
    expect(stats.maxInFlight).toBe(3);
  });

  it('scans nothing on a second run at the same time, and records no empty run', async () => {
    const store = openStore(await tempDir());
    const monitors = scriptedConfig({ a: '', b: '' });
    const first = scriptedScanner({}, stepClock());
    await runCycle(monitors, options(), edges(store, first.scanner));
    let opened = false;
    const second = await runCycle(monitors, options(), { ...edges(store, first.scanner), openScanner: async () => ((opened = true), first.scanner) });
    expect(second.run).toBeNull();
    expect(second.decisions.every((decision) => !decision.due)).toBe(true);
    expect(opened).toBe(false);
    expect(await store.runs()).toHaveLength(1);
  });

  it('a dry run decides without scanning or writing', async () => {
    const dataDir = await tempDir();
    const store = openStore(dataDir);
    const { scanner, stats } = scriptedScanner({}, stepClock());
    const report = await runCycle(scriptedConfig({ a: '' }), options({ dryRun: true }), edges(store, scanner));
    expect(report.decisions.map((decision) => [decision.monitor.id, decision.due, decision.reason])).toEqual([['acme/a', true, 'never-scanned']]);
    expect(stats.calls).toEqual([]);
    expect(await store.monitorIds()).toEqual([]);
  });

  it('replays the journal a killed run left behind before deciding, so the monitor is not rescanned', async () => {
    const store = openStore(await tempDir());
    const monitors = scriptedConfig({ a: '' });
    const leftover = scan({ monitor: 'acme/a', url: 'https://a.example/', scannedAt: '2026-11-28T12:20:00.000Z' });
    await store.writeJournal({
      schemaVersion: 1,
      monitor: 'acme/a',
      runId: 'run-killed',
      scan: leftover,
      jobs: [],
      changes: [],
      alerts: [],
      notifications: [],
      text: 'left over',
    });
    const { scanner, stats } = scriptedScanner({}, stepClock());
    const report = await runCycle(monitors, options(), edges(store, scanner));
    expect(report.recovered).toEqual(['acme/a']);
    expect(stats.calls).toEqual([]);
    expect(await store.scans('acme/a')).toEqual([leftover]);
    expect(await store.latestScan('acme/a')).toEqual(leftover);
    expect(await store.journal('acme/a')).toBeNull();
  });

  it('on interruption stops starting scans, drops the aborted ones and records the run as interrupted', async () => {
    const store = openStore(await tempDir());
    const monitors = scriptedConfig(Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`site-${index}`, ''])));
    const controller = new AbortController();
    const { scanner, stats } = scriptedScanner({}, stepClock(), 30);
    const interrupting: Scanner = {
      ...scanner,
      async scan(request) {
        const outcome = await scanner.scan(request);
        if (stats.calls.length === 3) controller.abort();
        return outcome;
      },
    };
    const report = await runCycle(monitors, options({ concurrency: 1 }), edges(store, interrupting, { signal: controller.signal }));
    expect(stats.calls).toHaveLength(3);
    expect(report.run).toMatchObject({ status: 'interrupted', due: 6, scanned: 2 });
    expect((await store.monitorIds()).length).toBe(2);
    expect(stats.closed).toBe(true);
  });

  it('detects changes with each scan, queues their alerts and mails the digests that are due', async () => {
    const store = openStore(await tempDir());
    const monitors = scriptedConfig({ down: 'alerts:\n  recipients: [intel@acme.example]\n  digest: immediate\n' });
    const { scanner } = scriptedScanner({ down: ['dns'] }, stepClock());
    const first = await runCycle(monitors, options(), edges(store, scanner));
    expect(first.changes).toEqual([]);

    // The second failure in a row is an outage: a high change, an alert, an immediate digest.
    const second = await runCycle(monitors, options({ now: new Date('2026-11-28T18:30:00.000Z') }), edges(store, scanner));
    expect(second.changes.map((change) => [change.type, change.severity])).toEqual([['site_down', 'high']]);
    expect(second.run).toMatchObject({ changes: { total: 1, high: 1 }, digests: { sent: 1, failed: 0 } });
    expect(second.delivery?.digests.map((digest) => digest.recipient)).toEqual(['intel@acme.example']);
    expect(await store.changes('acme/down')).toEqual(second.changes);
    const queue = openAlertQueue(store.dataDir);
    expect(await queue.pending()).toEqual([]);
    expect((await queue.history()).map((alert) => [alert.change.type, alert.status])).toEqual([['site_down', 'sent']]);
  });
});
