import { join } from 'node:path';
import { createMailer } from '../alerts/index.ts';
import { listChanges } from '../store/changes.ts';
import { requireValidConfig } from '../monitors/files.ts';
import type { RunReport } from '../run/cycle.ts';
import type { Change } from '../schema/change.ts';
import type { Depth } from '../schema/common.ts';
import { formatDuration, formatUtc } from '../shared/wording.ts';
import { openStore } from '../store/store.ts';
import { buildSite } from '../../site/build.ts';
import { COMPETITORS, DEMO_ORGANIZATION, DEMO_RECIPIENT, monitorId, type Competitor } from './cast.ts';
import { cycleRunner, NOTHING_CONFIGURED, type CycleEdges } from './cycles.ts';
import { previewSite, type SitePreview } from './preview.ts';
import { startFixtureServer, type FixtureServer } from './site-server.ts';
import { baselineTable, bySeverity, changeCounts, changesTable, cycleLine, shownPath } from './story.ts';
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

/** The story goes to `say`, progress to `progress()`; Ctrl-C aborts `signal` (see CycleEdges). */
export type DemoEdges = CycleEdges;

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
    await writeMonitors(
      workspace.monitorsDir,
      sites.map(({ competitor, server }) => ({ competitor, url: server.url('/') })),
    );
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

    say(`2. Cycle 1 at ${formatUtc(options.now)}: the first scan of each site is its baseline.\n`);
    const first = await cycles.run(options.now);
    say(`\n${indent(baselineTable(first.outcomes))}   Cycle 1: ${cycleLine(first.run)}; no changes yet, a first scan is the baseline.\n\n`);

    say(`3. The competitors change, the way real sites do:\n`);
    for (const { competitor, server } of sites) say(`   ${competitor.name}: ${(await server.useVersion(competitor.changesTo)) ?? 'nothing'}\n`);

    const secondAt = everyMonitorDueAgain(config.monitors, options.now);
    say(`\n4. Cycle 2, deciding as if it were ${formatUtc(secondAt)}: every monitor's schedule has fired again, so all are due.\n`);
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
    say(`   ${show(siteIndex)} (built in ${formatDuration(built.durationMs)})\n`);
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
    say(`\nThe demo took ${formatDuration(report.durationMs)}. Its files stay in ${show(workspace.dir)}/ until the next demo replaces them.\n`);
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
