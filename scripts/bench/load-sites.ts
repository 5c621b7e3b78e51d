import { html, page, startFixtureServer, type FixtureServer } from '../demo/site-server.ts';
import { closedPort } from './closed-port.ts';
import { startBenchSites } from './fixture-sites.ts';
import { HOSTILE_PAGES, startHostileSite, type HostilePage } from './hostile-sites.ts';

/**
 * The monitors of `npm run bench:load`: most ordinary (the realistic fixture sites), some
 * failing (a refused connection, HTTP 500, a name that does not resolve — offline, so no query
 * leaves the machine), some slow (seconds before the first byte), some hostile (pages of the
 * hostile suite). All on 127.0.0.1.
 */

export const LOAD_KINDS = ['ordinary', 'slow', 'refused', 'server-error', 'dns', 'hostile'] as const;
export type LoadKind = (typeof LOAD_KINDS)[number];

/**
 * One block of the mix, repeated: 13 ordinary, 2 slow, one each of the failures, 2 hostile. The
 * first ten hold one of every kind, so a short run (the test's) has the whole mix too.
 */
const MIX_BLOCK: readonly LoadKind[] = [
  'ordinary',
  'hostile',
  'slow',
  'ordinary',
  'refused',
  'ordinary',
  'server-error',
  'ordinary',
  'dns',
  'ordinary',
  'ordinary',
  'hostile',
  'ordinary',
  'slow',
  'ordinary',
  'ordinary',
  'ordinary',
  'ordinary',
  'ordinary',
  'ordinary',
];

/** The hostile pages the mix takes in turn: one that never yields, one that exhausts memory, one that never answers, one that never arrives. */
const LOAD_HOSTILE: readonly HostilePage[] = ['a JS busy loop', 'a JS memory hog', 'slowloris headers', 'an endless redirect'];

/** How long the slow site waits before its first byte. */
export const SLOW_TTFB_MS = 3_000;

export interface LoadMonitorPlan {
  readonly kind: LoadKind;
  /** For a hostile monitor, the page it points at. */
  readonly hostile: HostilePage | null;
}

/** The kinds of `count` monitors, in order: the mix block repeated, hostile pages in turn. Pure. */
export function planLoad(count: number): LoadMonitorPlan[] {
  let hostileSeen = 0;
  return Array.from({ length: count }, (_, index) => {
    const kind = MIX_BLOCK[index % MIX_BLOCK.length] ?? 'ordinary';
    if (kind !== 'hostile') return { kind, hostile: null };
    const hostile = LOAD_HOSTILE[hostileSeen % LOAD_HOSTILE.length] ?? null;
    hostileSeen += 1;
    return { kind, hostile };
  });
}

export interface LoadSites {
  /** The URL a monitor of this plan scans; `slug` keeps every monitor's URL distinct. */
  url(plan: LoadMonitorPlan, index: number, slug: string): string;
  close(): Promise<void>;
}

export async function startLoadSites(): Promise<LoadSites> {
  const [ordinary, hostile, troubled, refusedPort] = await Promise.all([startBenchSites(), startHostileSite(), startTroubledSite(), closedPort()]);
  const servers = ordinary.servers;
  return {
    url(plan, index, slug) {
      switch (plan.kind) {
        case 'ordinary': {
          const server = servers[index % servers.length];
          if (!server) throw new Error('no fixture server');
          return server.url(`/?monitor=${slug}`);
        }
        case 'slow':
          return troubled.url(`/slow?monitor=${slug}`);
        case 'server-error':
          return troubled.url(`/error?monitor=${slug}`);
        case 'refused':
          return `http://127.0.0.1:${refusedPort}/?monitor=${slug}`;
        case 'dns':
          // `.invalid` never resolves (RFC 6761); the run is offline, so it is not even asked.
          return `http://${slug}.no-such-competitor.invalid/`;
        case 'hostile': {
          const path: string = HOSTILE_PAGES[plan.hostile ?? 'a JS busy loop'];
          return hostile.url(`${path}${path.includes('?') ? '&' : '?'}monitor=${slug}`);
        }
      }
    },
    close: async () => {
      await Promise.all([ordinary.close(), hostile.close(), troubled.close()]);
    },
  };
}

/** A site whose pages are slow to start or fail on the server. */
function startTroubledSite(): Promise<FixtureServer> {
  const slowPage = html(page('<h1>Slow</h1><p>Worth the wait.</p>', { title: 'Slow' }));
  return startFixtureServer({
    routes: {
      '/slow': (request, response) => new Promise<void>((resolve) => setTimeout(() => resolve(slowPage(request, response)), SLOW_TTFB_MS)),
      '/error': html(page('<h1>Internal Server Error</h1>', { title: 'Error' }), {}, 500),
    },
  });
}
