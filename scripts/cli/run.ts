import { setTimeout as sleep } from 'node:timers/promises';
import { relative, resolve } from 'node:path';
import { createMailer, DEFAULT_OUTBOX_DIR, openAlertQueue, openChannels } from '../alerts/index.ts';
import { EXIT, UsageError, type ExitCode } from '../errors.ts';
import { inGithubActions } from '../github/annotations.ts';
import { writeJobSummary } from '../github/summary.ts';
import { requireValidConfig } from '../monitors/files.ts';
import { didYouMean } from '../monitors/suggest.ts';
import { commitMessage, GITHUB_ACTIONS_BOT, publishData } from '../publish/index.ts';
import { runCycle, type RunEdges, type RunOptions, type RunReport } from '../run/cycle.ts';
import { runMerge } from '../run/merge.ts';
import { runIdFor } from '../run/records.ts';
import { runShard } from '../run/shard.ts';
import type { MonitorConfig } from '../monitors/load.ts';
import { readShardOutputs, writeShardOutput } from '../store/shard-outputs.ts';
import { DEFAULT_SCAN_CONCURRENCY } from '../schedule/shards.ts';
import { FAN_OUT_OPTIONS, runMode, type RunMode } from './run-mode.ts';
import { lineProgress, terminalProgress } from '../run/progress.ts';
import type { RunRecord } from '../schema/run.ts';
import { createScanner } from '../scan/index.ts';
import { siteBaseUrl } from '../shared/site-links.ts';
import { landscapeSource } from '../insight/source.ts';
import { requireWritableDir } from '../store/files.ts';
import { openStore } from '../store/store.ts';
import { ALLOW_PRIVATE_NETWORKS_OPTION, defineCommand, DIR_OPTIONS, JSON_OPTION, NOW_OPTION } from './command.ts';
import { json, line, type Io } from './io.ts';
import { formatPlan, formatRunReport } from './run-report.ts';

const MAX_CONCURRENCY = 50;
const DEFAULT_RETRY_DELAY_MS = 2000;
const MAX_RETRY_DELAY_MS = 600_000;
/** Screenshots of deep scans, relative to the working directory (git-ignored via .techscan/). */
const DEFAULT_ARTIFACTS_DIR = '.techscan/artifacts';

interface RunArgs {
  readonly monitorsDir: string;
  readonly dataDir: string;
  readonly now: Date;
  readonly only: readonly string[];
  readonly force: boolean;
  readonly concurrency: number;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly publish: boolean;
  readonly retryDelayMs: number;
  readonly artifactsDir: string;
  readonly outboxDir: string;
  readonly trigger: RunRecord['trigger'];
  readonly allowPrivateNetworks: boolean;
  readonly mode: RunMode;
}

export const runCommand = defineCommand<RunArgs>({
  name: 'run',
  summary:
    'Run one monitoring cycle: scan the monitors that are due (bounded pool, retries), record scans and jobs, detect changes, queue alerts and send the digests that are due.',
  usage: '',
  options: {
    ...DIR_OPTIONS,
    now: NOW_OPTION,
    only: {
      type: 'string',
      multiple: true,
      placeholder: '<id>',
      description: 'Scan these monitors now, due or not (repeat, or separate with commas or spaces)',
    },
    force: { type: 'boolean', description: 'Scan every enabled monitor now, due or not' },
    concurrency: { type: 'string', placeholder: '<n>', description: `Scans at once (default ${DEFAULT_SCAN_CONCURRENCY})` },
    'dry-run': { type: 'boolean', description: 'Show what is due and why; scan and write nothing' },
    publish: { type: 'boolean', description: 'Commit data/ and push it (rebasing when the branch moved)' },
    'retry-delay': { type: 'string', placeholder: '<ms>', description: `Wait before the first retry; doubles each time (default ${DEFAULT_RETRY_DELAY_MS})` },
    artifacts: { type: 'string', placeholder: '<dir>', description: 'Screenshots of deep scans (default .techscan/artifacts/)' },
    outbox: { type: 'string', placeholder: '<dir>', description: 'Where digests go without SMTP (default .techscan/outbox/)' },
    'allow-private-networks': ALLOW_PRIVATE_NETWORKS_OPTION,
    ...FAN_OUT_OPTIONS,
    json: JSON_OPTION,
  },
  parse(input, io) {
    const only = input
      .list('only')
      .flatMap((value) => value.split(/[\s,]+/))
      .filter(Boolean);
    const force = input.flag('force');
    return {
      ...input.dirs(io.cwd),
      now: input.time('now'),
      only,
      force,
      concurrency: input.integer('concurrency', { min: 1, max: MAX_CONCURRENCY }) ?? DEFAULT_SCAN_CONCURRENCY,
      dryRun: input.flag('dry-run'),
      json: input.flag('json'),
      publish: input.flag('publish'),
      retryDelayMs: input.integer('retry-delay', { min: 0, max: MAX_RETRY_DELAY_MS }) ?? DEFAULT_RETRY_DELAY_MS,
      artifactsDir: resolve(io.cwd, input.string('artifacts') ?? DEFAULT_ARTIFACTS_DIR),
      outboxDir: resolve(io.cwd, input.string('outbox') ?? DEFAULT_OUTBOX_DIR),
      trigger: trigger(io.env, only.length > 0 || force),
      allowPrivateNetworks: input.flag('allow-private-networks'),
      mode: runMode(input, io.cwd),
    };
  },
  async run(args, io) {
    // The flag is an opt-in like the settings file's: it admits monitors whose URL names a private address.
    const config = await requireValidConfig(args.monitorsDir, io.cwd, { allowPrivateNetworks: args.allowPrivateNetworks });
    const ids = config.monitors.map((monitor) => monitor.id);
    for (const id of args.only) {
      if (!ids.includes(id)) throw new UsageError(`--only: no monitor "${id}"${didYouMean(id, ids)}`);
    }
    const store = openStore(args.dataDir);
    const openScanner = () =>
      // The command line or monitors/_settings.yaml opts in; nothing else can.
      createScanner({ browser: 'auto', env: io.env, allowPrivateNetworks: args.allowPrivateNetworks || config.settings.allowPrivateNetworks });
    if (args.mode.kind === 'shard') return runShardCommand(config, args, args.mode, { store, openScanner }, io);
    // Before any scan: a folder that cannot take the results fails the run at once, not after the scans.
    if (!args.dryRun) await requireWritableDir(args.dataDir);
    const mailer = createMailer(io.env, args.outboxDir);
    const siteBase = siteBaseUrl(config.settings, io.env);
    const channels = openChannels({
      env: io.env,
      monitors: config.monitors,
      settings: config.settings,
      siteBaseUrl: siteBase,
      mailer,
      landscapeSource: landscapeSource(store, args.now),
    });
    for (const notice of channels.notices) io.err(line(notice));
    const controller = new AbortController();
    const stopListening = io.onInterrupt(() => {
      io.err(line('\nInterrupted: finishing the current writes (press Ctrl-C again to quit at once)…'));
      controller.abort();
    });
    const progress = io.interactive && !args.json ? terminalProgress(io.err) : lineProgress(io.err);
    let report: RunReport;
    try {
      const options = runOptions(args);
      const edges: RunEdges = {
        store,
        queue: openAlertQueue(args.dataDir),
        openScanner,
        channels,
        clock: () => new Date(),
        sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
        progress,
        signal: controller.signal,
      };
      report =
        args.mode.kind === 'merge'
          ? await runMerge(config, { ...options, runId: runIdFor(args.now) }, edges, await readShardOutputs(args.mode.dirs))
          : await runCycle(config, options, edges);
    } finally {
      stopListening();
      mailer.close();
    }

    if (args.json) io.out(json(jsonReport(report)));
    else io.out(args.dryRun ? formatPlan(report) : formatRunReport(report, args.now));

    if (report.run && inGithubActions(io.env)) {
      await writeJobSummary({
        run: report.run,
        jobs: report.jobs,
        changes: report.changes,
        monitors: config.monitors,
        siteBaseUrl: siteBase,
        digests: report.run.digests,
      });
    }
    if (args.publish && report.run && report.run.status === 'completed') {
      const published = await publishData({
        repoDir: io.cwd,
        paths: [relative(io.cwd, args.dataDir) || '.'],
        message: commitMessage(report.run),
        author: GITHUB_ACTIONS_BOT,
      });
      io.err(
        line(
          published.committed
            ? `Published ${published.commit?.slice(0, 7) ?? ''} (${published.attempts} push attempt${published.attempts === 1 ? '' : 's'}).`
            : 'Nothing to publish.',
        ),
      );
    }
    return controller.signal.aborted ? EXIT.interrupted : EXIT.ok;
  },
});

function runOptions(args: RunArgs): RunOptions {
  return {
    now: args.now,
    only: args.only,
    force: args.force,
    concurrency: args.concurrency,
    dryRun: args.dryRun,
    trigger: args.trigger,
    retryBaseMs: args.retryDelayMs,
    artifactsDir: args.artifactsDir,
  };
}

/** `run --shard i/n --out <dir>`: scan this shard's share and write it for the merge; nothing in data/, nothing sent. */
async function runShardCommand(
  config: MonitorConfig,
  args: RunArgs,
  mode: Extract<RunMode, { kind: 'shard' }>,
  edges: Pick<RunEdges, 'store' | 'openScanner'>,
  io: Io,
): Promise<ExitCode> {
  const controller = new AbortController();
  const stopListening = io.onInterrupt(() => {
    io.err(line('\nInterrupted: finishing the current scans; the shard output keeps what finished…'));
    controller.abort();
  });
  try {
    const output = await runShard(
      config,
      { ...runOptions(args), runId: runIdFor(args.now) },
      {
        ...edges,
        clock: () => new Date(),
        sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
        progress: io.interactive && !args.json ? terminalProgress(io.err) : lineProgress(io.err),
        signal: controller.signal,
      },
      mode.shard,
    );
    const file = await writeShardOutput(mode.outDir, output);
    if (args.json) io.out(json(output));
    else
      io.out(
        line(
          `Shard ${output.shard}/${output.shards}: ${output.scans.length} of ${output.monitors.length} monitors scanned, written to ${relative(io.cwd, file)}.`,
        ),
      );
  } finally {
    stopListening();
  }
  return controller.signal.aborted ? EXIT.interrupted : EXIT.ok;
}

function trigger(env: Io['env'], manual: boolean): RunRecord['trigger'] {
  if (env.GITHUB_EVENT_NAME === 'schedule' && !manual) return 'schedule';
  if (env.GITHUB_EVENT_NAME === 'workflow_dispatch' || manual) return 'manual';
  return 'local';
}

function jsonReport(report: RunReport) {
  return {
    run: report.run,
    recovered: report.recovered,
    decisions: report.decisions.map((decision) => ({
      monitor: decision.monitor.id,
      due: decision.due,
      reason: decision.reason,
      scheduledFor: decision.scheduledFor.toISOString(),
      nextDue: decision.nextDue?.toISOString() ?? null,
    })),
    jobs: report.jobs,
    changes: report.changes,
    digests: report.delivery
      ? { sent: report.delivery.sent, failed: report.delivery.failed, transport: report.delivery.transport, outboxDir: report.delivery.outboxDir }
      : null,
  };
}
