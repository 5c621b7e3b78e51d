import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contentType, fileUnder } from './files.ts';
import { startLocalServer, type LocalServer } from './local-server.ts';

/**
 * Serves a built site on 127.0.0.1 the way GitHub Pages does at the root of a domain:
 * `dir/` → `dir/index.html`, and the site's own 404.html, with status 404, for anything else.
 */

export interface SitePreview extends LocalServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
}

const NOT_FOUND_PAGE = '404.html';

export async function previewSite(dir: string, port = 0): Promise<SitePreview> {
  const server = await startLocalServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://preview').pathname;
    void respond(dir, pathname).then(({ status, file, body }) => {
      response.writeHead(status, { 'content-type': contentType(file), 'cache-control': 'no-store' });
      response.end(body);
    });
  }, port);
  return { ...server, url: `${server.origin}/` };
}

async function respond(dir: string, pathname: string): Promise<{ status: number; file: string; body: Buffer | string }> {
  const file = await fileUnder(dir, pathname);
  const body = file ? await readFile(file).catch(() => null) : null;
  if (file && body) return { status: 200, file, body };
  const notFound = join(dir, NOT_FOUND_PAGE);
  return { status: 404, file: notFound, body: (await readFile(notFound).catch(() => null)) ?? 'Not found' };
}
