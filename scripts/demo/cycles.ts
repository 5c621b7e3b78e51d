import { setTimeout as sleep } from 'node:timers/promises';
import { openAlertQueue, openChannels, type Mailer } from '../alerts/index.ts';
import { InterruptedError } from '../errors.ts';
import { landscapeSource } from '../insight/source.ts';
import type { MonitorConfig } from '../monitors/load.ts';
import { runCycle, type RunReport } from '../run/cycle.ts';
import type { RunProgress } from '../run/progress.ts';
import type { Depth } from '../schema/common.ts';
import { createScanner, type Scanner } from '../scan/index.ts';
import { openStore } from '../store/store.ts';
import { shownPath } from './story.ts';
import type { Workspace } from './workspace.ts';

/** The demo's monitoring cycles: the real runCycle with the demo's own edges. */

type Env = Readonly<Record<string, string | undefined>>;

/**
 * One scan at a time: the competitor sites are served from this process, where matching one
 * page's fingerprints would hold up another site's answer and read as that site slowing down.
 */
const CONCURRENCY = 1;
const RETRY_DELAY_MS = 1000;
/** No SMTP, no webhook, no GitHub token: the demo's alerts go to its outbox and nowhere else. */
export const NOTHING_CONFIGURED: Env = {};

export interface CycleSetup {
  readonly config: MonitorConfig;
  readonly workspace: Workspace;
  readonly mailer: Mailer;
  readonly siteBaseUrl: string | null;
  /** 'none': light depth; 'auto' falls back to light depth when no Chromium is found. */
  readonly browser: 'auto' | 'none';
}

export interface CycleEdges {
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

export interface CycleRunner {
  /** One cycle deciding at `now`; InterruptedError when Ctrl-C stopped it. */
  run(now: Date): Promise<RunReport>;
  /** The depth the scans ran at: `light` without a browser. */
  depth(): Depth;
}

/** The two cycles share everything but their time; the first says how it scans. */
export function cycleRunner(setup: CycleSetup, edges: CycleEdges): CycleRunner {
  let depth: Depth | null = null;
  const openScanner = async (): Promise<Scanner> => {
    // The demo's sites are on 127.0.0.1: it opts in to loopback, and resolves nothing else.
    const scanner = await createScanner({ browser: setup.browser, fallbackToLight: true, offline: true, allowPrivateNetworks: true, env: edges.env });
    if (depth === null) edges.say(`   ${depthNote(setup.browser, scanner.maxDepth)}\n`);
    depth = scanner.maxDepth === 'light' ? 'light' : 'standard';
    return scanner;
  };
  return {
    depth: () => depth ?? 'standard',
    async run(now) {
      const store = openStore(setup.workspace.dataDir);
      const { config, mailer, siteBaseUrl } = setup;
      const channels = openChannels({
        env: NOTHING_CONFIGURED,
        monitors: config.monitors,
        settings: config.settings,
        siteBaseUrl,
        mailer,
        landscapeSource: landscapeSource(store, now),
      });
      const report = await runCycle(
        setup.config,
        { now, only: [], force: false, concurrency: CONCURRENCY, dryRun: false, trigger: 'local', retryBaseMs: RETRY_DELAY_MS },
        {
          store,
          queue: openAlertQueue(setup.workspace.dataDir),
          openScanner,
          channels,
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

function depthNote(browser: CycleSetup['browser'], depth: Depth): string {
  if (depth !== 'light') return 'Scanning in headless Chromium; only 127.0.0.1 resolves, so nothing leaves this machine.';
  const light = 'HTTP only, so no JavaScript-only technologies and no paint timings';
  if (browser === 'none') return `--light: scanning at light depth, ${light}.`;
  return `No Chromium found: scanning at light depth, ${light}. For the full demo: npx playwright install chromium`;
}
