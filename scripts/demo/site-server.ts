import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { contentType, fileUnder, isFile, isPage } from './files.ts';
import { startLocalServer } from './local-server.ts';

/**
 * Serves the local "competitor" sites (test/fixtures/sites/<name>/) and programmable routes on
 * 127.0.0.1 at a free port, for the demo, the scan tests and the scan benchmark. A site can
 * switch to one of its versions (versions/<version>/) while it is served, on the same address,
 * so the next scan sees it change the way real sites change. Every socket is destroyed on
 * close, so a never-ending response cannot keep a test (or the process) alive.
 */

export const SITES_DIR = fileURLToPath(new URL('../../test/fixtures/sites', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));
/** Inside a site folder, neither served nor part of the site itself. */
const SITE_CONFIG = 'site.json';
const VERSIONS = 'versions';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface FixtureServerOptions {
  /** A folder under test/fixtures/sites served at `/`. */
  readonly site?: string;
  /** Start with this version of the site (a folder under its versions/). */
  readonly version?: string;
  /** Extra routes by exact pathname (a trailing `*` matches a prefix); they win over the site's files. */
  readonly routes?: Readonly<Record<string, RouteHandler>>;
  /** Response headers added to every site page, over the site's own (e.g. to change a header profile). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FixtureServer {
  readonly origin: string;
  readonly port: number;
  url(path?: string): string;
  /** Pathnames requested so far, in order. */
  readonly requests: readonly string[];
  /** Serves this version of the site from the next request on (null: the site as it first was); returns what the version says it changed. */
  useVersion(version: string | null): Promise<string | null>;
  close(): Promise<void>;
}

/** `site.json`: response headers for every page, URL paths served from installed npm packages. */
const siteConfigSchema = z.strictObject({
  headers: z.record(z.string(), z.string()).default({}),
  vendor: z.record(z.string(), z.string()).default({}),
});

/**
 * `versions/<version>/site.json`: what the version changes over the site. Its files replace or
 * add to the site's; a null header or vendor path removes it.
 */
const versionConfigSchema = z.strictObject({
  summary: z.string().min(1).describe('What changed, in one sentence (the demo prints it)'),
  headers: z.record(z.string(), z.string().nullable()).default({}),
  vendor: z.record(z.string(), z.string().nullable()).default({}),
  latencyMs: z.number().int().min(0).max(30_000).default(0).describe('Every page answers this late (a slow backend)'),
  down: z
    .strictObject({ status: z.number().int().min(500).max(599), page: z.string().min(1) })
    .optional()
    .describe('Every request gets this status and page (the app behind the web server is gone)'),
});

interface ServedSite {
  /** Folders searched for files, the version's first. */
  readonly roots: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly vendor: Readonly<Record<string, string>>;
  readonly latencyMs: number;
  readonly down: { readonly status: number; readonly page: string } | null;
  readonly summary: string | null;
}

const NO_SITE: ServedSite = { roots: [], headers: {}, vendor: {}, latencyMs: 0, down: null, summary: null };

export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const routes = Object.entries(options.routes ?? {});
  const requests: string[] = [];
  let served = options.site ? await loadSite(options.site, options.version ?? null) : NO_SITE;

  const server = await startLocalServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://fixture').pathname;
    requests.push(pathname);
    const route = routes.find(([path]) => (path.endsWith('*') ? pathname.startsWith(path.slice(0, -1)) : path === pathname));
    const handled = route ? route[1](request, response) : serveSite(served, pathname, response, options.headers ?? {});
    Promise.resolve(handled).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });

  return {
    origin: server.origin,
    port: server.port,
    url: (path = '/') => `${server.origin}${path}`,
    requests,
    async useVersion(version) {
      if (!options.site) throw new Error('useVersion() needs a site');
      served = await loadSite(options.site, version);
      return served.summary;
    },
    close: () => server.close(),
  };
}

async function loadSite(site: string, version: string | null): Promise<ServedSite> {
  const siteDir = join(SITES_DIR, site);
  const base = siteConfigSchema.parse(await readJson(join(siteDir, SITE_CONFIG)));
  if (version === null) return { ...NO_SITE, roots: [siteDir], headers: base.headers, vendor: base.vendor };
  const versionDir = join(siteDir, VERSIONS, version);
  const patch = versionConfigSchema.parse(await readJson(join(versionDir, SITE_CONFIG)));
  return {
    roots: [versionDir, siteDir],
    headers: applyPatch(base.headers, patch.headers),
    vendor: applyPatch(base.vendor, patch.vendor),
    latencyMs: patch.latencyMs,
    down: patch.down ?? null,
    summary: patch.summary,
  };
}

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

function applyPatch(base: Readonly<Record<string, string>>, patch: Readonly<Record<string, string | null>>): Record<string, string> {
  const result: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = value;
  }
  return result;
}

async function serveSite(site: ServedSite, pathname: string, response: ServerResponse, extraHeaders: Readonly<Record<string, string>>): Promise<void> {
  if (site.down) {
    const page = await siteFile(site, `/${site.down.page}`);
    response.writeHead(site.down.status, { 'content-type': 'text/html; charset=utf-8', ...site.headers });
    response.end(page ? await readFile(page) : `${site.down.status}`);
    return;
  }
  const vendor = site.vendor[pathname];
  const file = vendor ? join(NODE_MODULES, vendor) : await siteFile(site, pathname);
  if (!file || !(await isFile(file))) return notFound(response);
  const page = isPage(file);
  if (page && site.latencyMs > 0) await sleep(site.latencyMs);
  response.writeHead(200, { 'content-type': contentType(file), ...(page ? { ...site.headers, ...extraHeaders } : {}) });
  response.end(await readFile(file));
}

/** The site's file for a URL path, the version's first; never its site.json or its other versions. */
async function siteFile(site: ServedSite, pathname: string): Promise<string | null> {
  const first = pathname.replace(/^\/+/, '').split('/')[0];
  if (first === VERSIONS || pathname.endsWith(SITE_CONFIG)) return null;
  for (const root of site.roots) {
    const file = await fileUnder(root, pathname);
    if (file) return file;
  }
  return null;
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  response.end('<!DOCTYPE html><title>404 Not Found</title><h1>Not Found</h1>');
}

/** A small HTML page with the given head and body, for routes. */
export function page(body: string, { title = 'Fixture', head = '' }: { title?: string; head?: string } = {}): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
}

export function html(body: string, headers: Readonly<Record<string, string>> = {}, status = 200): RouteHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(body);
  };
}
