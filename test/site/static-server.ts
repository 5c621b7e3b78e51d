import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * Serves a built site on 127.0.0.1 the way GitHub Pages does: under a base path,
 * `dir/` → `dir/index.html`, and the site's 404.html with status 404 for anything missing.
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface StaticSite {
  readonly origin: string;
  /** Origin and base path: `http://127.0.0.1:1234/techscan/`. */
  readonly root: string;
  readonly requests: { path: string; status: number }[];
  close(): Promise<void>;
}

export async function serveStatic(dir: string, base = '/'): Promise<StaticSite> {
  const requests: { path: string; status: number }[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    void resolveFile(dir, base, path).then(async (file) => {
      const status = file ? 200 : 404;
      requests.push({ path, status });
      const target = file ?? join(dir, '404.html');
      const body = await readFile(target).catch(() => Buffer.from('not found'));
      response.writeHead(status, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the static server has no TCP address');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    root: `${origin}${base}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function resolveFile(dir: string, base: string, path: string): Promise<string | null> {
  if (!path.startsWith(base)) return null;
  const relative = normalize(path.slice(base.length));
  if (relative.startsWith('..') || relative.split(sep).includes('..')) return null;
  const candidate = join(dir, relative);
  const info = await stat(candidate).catch(() => null);
  if (info?.isFile()) return candidate;
  if (info?.isDirectory() && path.endsWith('/')) {
    const index = join(candidate, 'index.html');
    if ((await stat(index).catch(() => null))?.isFile()) return index;
  }
  return null;
}
