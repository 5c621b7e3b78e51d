import type { ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startLocalServer } from '../../demo/local-server.ts';
import { clientNoiseScript, serverNoise, type NoiseKind } from './noise.ts';
import { seededRandom, type Random } from './random.ts';
import { appScript, contentHtml, shapeOf, type SiteContent, type SiteShape } from './sites.ts';

/**
 * One local server for a whole corpus of monitored sites, each under its own path
 * (`/<slug>/`), each at the version its timeline gives for the current run. Noise comes from a
 * seeded stream per site, so a corpus replays the same way every time.
 */

const NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));

/** Real libraries served from node_modules, as sites vendor them. */
export const LIBRARIES = {
  'jquery-3.6.4': 'jquery-3.6.4/dist/jquery.min.js',
  'jquery-3.7.1': 'jquery/dist/jquery.min.js',
  lodash: 'lodash/lodash.min.js',
  dayjs: 'dayjs/dayjs.min.js',
  'bootstrap-4': 'bootstrap-4/dist/js/bootstrap.bundle.min.js',
  'bootstrap-5': 'bootstrap/dist/js/bootstrap.bundle.min.js',
  react: 'react/umd/react.production.min.js',
  'react-dom': 'react-dom/umd/react-dom.production.min.js',
} as const;
export type Library = keyof typeof LIBRARIES;

/** What a site serves in one run: the parts a scenario changes. */
export interface Version {
  readonly libraries: readonly Library[];
  /** Response headers of the page (security headers, server). */
  readonly headers: Readonly<Record<string, string>>;
  /** Every response (page and assets) waits this long, ± `jitter` of it. */
  readonly latencyMs: number;
  readonly jitter: number;
  /** 200, or the status of an outage (its page says so). */
  readonly status: number;
  /** The page answers with a redirect to this path under the site. */
  readonly redirectTo: string | null;
  readonly content: (content: SiteContent) => SiteContent;
}

export interface CorpusSite {
  readonly slug: string;
  readonly shape: SiteShape;
  readonly noise: readonly NoiseKind[];
  /** The version served at a run (0 is the first scan). */
  readonly version: (run: number) => Version;
}

export const BASE_HEADERS: Readonly<Record<string, string>> = {
  server: 'nginx/1.25.3',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

export const BASE_VERSION: Version = {
  libraries: [],
  headers: BASE_HEADERS,
  latencyMs: 0,
  jitter: 0,
  status: 200,
  redirectTo: null,
  content: (content) => content,
};

export interface CorpusServer {
  readonly origin: string;
  url(site: CorpusSite): string;
  /** Serve every site as its timeline says for this run. */
  setRun(run: number): void;
  close(): Promise<void>;
}

export async function startCorpusServer(sites: readonly CorpusSite[], seed = 1): Promise<CorpusServer> {
  const bySlug = new Map(sites.map((site, index) => [site.slug, { site, random: seededRandom(seed * 7919 + index + 1) }]));
  let run = 0;
  const server = await startLocalServer((request, response) => {
    const [, slug = '', ...rest] = new URL(request.url ?? '/', 'http://corpus').pathname.split('/');
    const entry = bySlug.get(slug);
    if (!entry) return notFound(response);
    serve(entry.site, entry.site.version(run), rest.join('/'), entry.random, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  return {
    origin: server.origin,
    url: (site) => `${server.origin}/${site.slug}/`,
    setRun: (next) => {
      run = next;
    },
    close: () => server.close(),
  };
}

async function serve(site: CorpusSite, version: Version, path: string, random: Random, response: ServerResponse): Promise<void> {
  const latency = version.latencyMs * (1 + version.jitter * (2 * random() - 1));
  if (latency > 0) await sleep(latency);
  if (path.startsWith('vendor/')) {
    const library = Object.entries(LIBRARIES).find(([name]) => path === `vendor/${name}.js`);
    if (!library) return notFound(response);
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' });
    response.end(await readFile(join(NODE_MODULES, library[1])));
    return;
  }
  const shape = shapeOf(site.shape);
  const content = version.content(shape.content);
  const kinds = new Set(site.noise);
  if (path === 'app.js') {
    if (shape.rendering !== 'client-react' && shape.rendering !== 'client-dom') return notFound(response);
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    response.end(`${clientNoiseScript(kinds)}\n${appScript(shape.rendering, content)}`);
    return;
  }
  if (path === 'widgets.js') {
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    response.end(`${clientNoiseScript(kinds)}\nwindow.__noise(document.getElementById('widgets'));`);
    return;
  }
  if (path !== '' && path !== version.redirectTo?.replace(/^\//, '')) return notFound(response);
  if (path === '' && version.redirectTo) {
    response.writeHead(301, { location: `/${site.slug}${version.redirectTo}`, server: version.headers.server ?? 'nginx' });
    response.end();
    return;
  }
  const noise = serverNoise(kinds, random, new Date());
  const headers: Record<string, string | string[]> = { 'content-type': 'text/html; charset=utf-8', ...version.headers };
  if (noise.nonce)
    headers['content-security-policy'] = `${version.headers['content-security-policy'] ?? "default-src 'self'"}; script-src 'self' 'nonce-${noise.nonce}'`;
  if (noise.setCookie) headers['set-cookie'] = noise.setCookie;
  if (version.status >= 400) {
    response.writeHead(version.status, headers);
    response.end(`<!DOCTYPE html><html><head><title>Service unavailable</title></head><body><h1>${version.status} — we will be right back</h1></body></html>`);
    return;
  }
  const scripts = version.libraries.map((library) => `<script src="/${site.slug}/vendor/${library}.js"></script>`).join('');
  const body = (() => {
    switch (shape.rendering) {
      case 'server':
        return `<main>${contentHtml(content, noise)}</main>`;
      case 'hydrated':
        return `<main>${contentHtml(content, noise)}</main><div id="widgets"></div><script src="/${site.slug}/widgets.js" defer></script>`;
      case 'client-react':
        return `<div id="root"></div><script src="/${site.slug}/vendor/react.js"></script><script src="/${site.slug}/vendor/react-dom.js"></script><script src="/${site.slug}/app.js"></script>`;
      case 'client-dom':
        return `<div id="root"></div><script src="/${site.slug}/app.js"></script>`;
    }
  })();
  response.writeHead(200, headers);
  response.end(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${content.title}</title>${noise.head}</head><body>${noise.top}<header><nav><a href="/${site.slug}/">Home</a> <a href="/${site.slug}/">Pricing</a></nav></header>${body}<footer><p>© 2026 ${site.slug}</p>${noise.footer}</footer>${scripts}</body></html>`,
  );
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  response.end('<!DOCTYPE html><title>Not found</title><h1>Not found</h1>');
}
