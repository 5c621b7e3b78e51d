import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMailer, notificationChannels, openAlertQueue, type Mailer } from '../alerts/index.ts';
import { listChanges } from '../changes/list.ts';
import { formatTime } from '../cli/format.ts';
import { InterruptedError } from '../errors.ts';
import { requireValidConfig } from '../monitors/files.ts';
import type { MonitorConfig } from '../monitors/load.ts';
import { runCycle, type RunReport } from '../run/cycle.ts';
import type { RunProgress } from '../run/progress.ts';
import type { Change } from '../schema/change.ts';
import type { Depth } from '../schema/common.ts';
import { createScanner, type Scanner } from '../scan/index.ts';
import { openStore } from '../store/store.ts';
import { buildSite } from '../../site/build.ts';
import { COMPETITORS, DEMO_ORGANIZATION, DEMO_RECIPIENT, monitorId, type Competitor } from './cast.ts';
import { previewSite, type SitePreview } from './preview.ts';
import { startFixtureServer, type FixtureServer } from './site-server.ts';
import { baselineTable, bySeverity, changeCounts, changesTable, cycleLine, seconds, shownPath } from './story.ts';
import { everyMonitorDueAgain } from './timeline.ts';
import { prepareWorkspace, writeMonitors, type Workspace } from './workspace.ts';

/**
 * The whole product on local copies of four competitor sites, offline: two monitoring cycles
 * with the sites changing in between, the changes, the digest email in the outbox and the
 * dashboard built from the demo's own data — never the repository's monitors/ or data/.
 */

export interface DemoOptions {
  /** The demo's folder (monitors/, data/, outbox/, site/); replaced when an earlier demo made it. */
  readonly dir: string;
  /** The time of the first cycle; the second decides as if it were when every schedule has fired again. */
  readonly now: Date;
  /** 'none': light depth, no browser. 'auto' falls back to light depth when no Chromium is found. */
  readonly browser: 'auto' | 'none';
  /** Serve the built site on 127.0.0.1 (port 0: any free port) until the signal aborts. */
  readonly serve: { readonly port: number } | null;
}

type Env = Readonly<Record<string, string | undefined>>;

export interface DemoEdges {
  /** The story, as it happens. */
  readonly say: (text: string) => void;
  /** Live progress of one cycle's scans. */
  readonly progress: () => RunProgress;
  /** Only to find Chromium ($CHROMIUM_PATH): mail and notification settings are ignored, so the demo never sends anything. */
  readonly env: Env;
  /** Paths are shown relative to it. */
  readonly cwd: string;
  readonly clock: () => Date;
  /** Ctrl-C: stops a cycle (the demo then ends as interrupted), or ends serving (the demo then ends normally). */
  readonly signal: AbortSignal;
}

export interface DemoReport {
  readonly workspace: Workspace;
  readonly monitors: readonly string[];
  readonly cycles: readonly [RunReport, RunReport];
  /** The depth the scans ran at: `light` without a browser. */
  readonly depth: Depth;
  /** Every change recorded, most severe first. */
  readonly changes: readonly Change[];
  /** The digest emails written to the outbox. */
  readonly digests: readonly string[];
  readonly siteIndex: string;
  readonly durationMs: number;
}

/**
 * One scan at a time: the competitor sites are served from this process, where matching one
 * page's fingerprints would hold up another site's answer and read as that site slowing down.
 */
const CONCURRENCY = 1;
const RETRY_DELAY_MS = 1000;
/** No SMTP, no webhook, no GitHub token: the demo's alerts go to its outbox and nowhere else. */
const NOTHING_CONFIGURED: Env = {};
const NAME_WIDTH = 20;
const URL_WIDTH = 24;

export async function runDemo(options: DemoOptions, edges: DemoEdges): Promise<DemoReport> {
  const startedAt = edges.clock().getTime();
  const { say } = edges;
  const show = (path: string) => shownPath(path, edges.cwd);
  const workspace = await prepareWorkspace(options.dir);
  say(`TechScan Monitor demo: four competitor sites on this machine, two monitoring cycles, offline.\n`);
  say(`Everything it writes goes to ${show(workspace.dir)}/ (monitors, data, outbox, site); your monitors/ and data/ are not touched.\n\n`);

  const sites: { competitor: Competitor; server: FixtureServer }[] = [];
  let preview: SitePreview | null = null;
  const mailer = createMailer(NOTHING_CONFIGURED, workspace.outboxDir);
  try {
    for (const competitor of COMPETITORS) sites.push({ competitor, server: await startFixtureServer({ site: competitor.site }) });
    await writeMonitors(workspace.monitorsDir, sites.map(({ competitor, server }) => ({ competitor, url: server.url('/') })));
    // Relative to the workspace, monitor files read as in a repository: monitors/demo/<slug>.yaml.
    const config = await requireValidConfig(workspace.monitorsDir, workspace.dir);
    say(`1. The competitors are up on 127.0.0.1, with real libraries, headers and content:\n`);
    for (const { competitor, server } of sites) {
      say(`   ${competitor.name.padEnd(NAME_WIDTH)} ${server.url('/').padEnd(URL_WIDTH)} ${competitor.description}\n`);
    }
    say(`   Their monitors: ${show(join(workspace.monitorsDir, DEMO_ORGANIZATION))}/*.yaml, tuned so that two scans can show a change.\n\n`);

    // Started before the cycles, so the digest can link to the dashboard it will serve.
    preview = options.serve ? await previewSite(workspace.siteDir, options.serve.port) : null;
    const cycles = cycleRunner({ config, workspace, mailer, siteBaseUrl: preview?.url ?? null, browser: options.browser }, edges);

    say(`2. Cycle 1 at ${formatTime(options.now)}: the first scan of each site is its baseline.\n`);
    const first = await cycles.run(options.now);
    say(`\n${indent(baselineTable(first.outcomes))}   Cycle 1: ${cycleLine(first.run)}; no changes yet, a first scan is the baseline.\n\n`);

    say(`3. The competitors change, the way real sites do:\n`);
    for (const { competitor, server } of sites) say(`   ${competitor.name}: ${(await server.useVersion(competitor.changesTo)) ?? 'nothing'}\n`);

    const secondAt = everyMonitorDueAgain(config.monitors, options.now);
    say(`\n4. Cycle 2, deciding as if it were ${formatTime(secondAt)}: every monitor's schedule has fired again, so all are due.\n`);
    const second = await cycles.run(secondAt);
    const changes = bySeverity((await listChanges(openStore(workspace.dataDir), {})).changes);
    say(`\n   Cycle 2: ${cycleLine(second.run)}. ${changeCounts(changes)}:\n\n${indent(changesTable(changes))}`);
    say(`   The same list, any time: npm run techscan -- changes --data ${show(workspace.dataDir)}\n\n`);
    await Promise.all(sites.splice(0).map(({ server }) => server.close()));

    const digests = (second.delivery?.digests ?? []).flatMap((digest) => (digest.location ? [join(workspace.outboxDir, digest.location)] : []));
    say(`5. The digest email to ${DEMO_RECIPIENT}, written to the demo's outbox: the demo never sends mail. Open it in any mail client:\n`);
    say(digests.length > 0 ? digests.map((file) => `   ${show(file)}\n`).join('') : `   none: no change reached the alert threshold.\n`);

    say(`\n6. The dashboard, built with Astro from the demo's data:\n`);
    const built = await buildSite({
      dataDir: workspace.dataDir,
      monitorsDir: workspace.monitorsDir,
      outDir: workspace.siteDir,
      base: '/',
      repository: null,
      ...(preview ? { siteUrl: preview.url } : {}),
    });
    const siteIndex = join(workspace.siteDir, 'index.html');
    say(`   ${show(siteIndex)} (built in ${seconds(built.durationMs)})\n`);
    if (!preview) say(`   Its links start at the site root: to browse it, run the demo with --serve.\n`);

    const report: DemoReport = {
      workspace,
      monitors: COMPETITORS.map(monitorId),
      cycles: [first, second],
      depth: cycles.depth(),
      changes,
      digests,
      siteIndex,
      durationMs: edges.clock().getTime() - startedAt,
    };
    say(`\nThe demo took ${seconds(report.durationMs)}. Its files stay in ${show(workspace.dir)}/ until the next demo replaces them.\n`);
    if (preview) {
      say(`\nServing the dashboard at ${preview.url} — press Ctrl-C to stop.\n`);
      await untilAborted(edges.signal);
      say(`Stopped serving.\n`);
    }
    return report;
  } finally {
    mailer.close();
    await Promise.all([...sites.map(({ server }) => server.close()), preview?.close()]);
  }
}

interface CycleSetup {
  readonly config: MonitorConfig;
  readonly workspace: Workspace;
  readonly mailer: Mailer;
  readonly siteBaseUrl: string | null;
  readonly browser: DemoOptions['browser'];
}

/** The two cycles share everything but their time; the first says how it scans. */
function cycleRunner(setup: CycleSetup, edges: DemoEdges): { run(now: Date): Promise<RunReport>; depth(): Depth } {
  let depth: Depth | null = null;
  const openScanner = async (): Promise<Scanner> => {
    const scanner = await createScanner({ browser: setup.browser, fallbackToLight: true, offline: true, env: edges.env });
    if (depth === null) edges.say(`   ${depthNote(setup.browser, scanner.maxDepth)}\n`);
    depth = scanner.maxDepth === 'light' ? 'light' : 'standard';
    return scanner;
  };
  return {
    depth: () => depth ?? 'standard',
    async run(now) {
      const report = await runCycle(
        setup.config,
        { now, only: [], force: false, concurrency: CONCURRENCY, dryRun: false, trigger: 'local', retryBaseMs: RETRY_DELAY_MS },
        {
          store: openStore(setup.workspace.dataDir),
          queue: openAlertQueue(setup.workspace.dataDir),
          openScanner,
          mailer: setup.mailer,
          channels: notificationChannels(NOTHING_CONFIGURED, setup.config.settings, setup.config.monitors),
          siteBaseUrl: setup.siteBaseUrl,
          clock: edges.clock,
          sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
          progress: edges.progress(),
          signal: edges.signal,
        },
      );
      if (edges.signal.aborted) {
        throw new InterruptedError(`interrupted; what the demo recorded so far is in ${shownPath(setup.workspace.dir, edges.cwd)}/`);
      }
      return report;
    },
  };
}

function depthNote(browser: DemoOptions['browser'], depth: Depth): string {
  if (depth !== 'light') return 'Scanning in headless Chromium; only 127.0.0.1 resolves, so nothing leaves this machine.';
  const light = 'HTTP only, so no JavaScript-only technologies and no paint timings';
  if (browser === 'none') return `--light: scanning at light depth, ${light}.`;
  return `No Chromium found: scanning at light depth, ${light}. For the full demo: npx playwright install chromium`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `   ${line}` : line))
    .join('\n');
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
