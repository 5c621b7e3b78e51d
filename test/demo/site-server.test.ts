import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { COMPETITORS } from '../../scripts/demo/cast.ts';
import { SITES_DIR, startFixtureServer } from '../../scripts/demo/site-server.ts';
import { REPO_ROOT } from '../helpers/paths.ts';

/** The fixture sites and their versions, over real HTTP on 127.0.0.1. */

async function serve(site: string) {
  const server = await startFixtureServer({ site });
  onTestFinished(() => server.close());
  return server;
}

async function get(url: string) {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The path exactly as given: fetch() would resolve the dot segments before sending. */
function statusOf(port: number, path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (response) => {
      response.resume();
      resolve(response.statusCode);
    })
      .on('error', reject)
      .end();
  });
}

describe('the site server', () => {
  it('serves a site, its folders as index.html and its libraries from node_modules', async () => {
    const server = await serve('wordpress-style');
    const home = await get(server.url('/'));
    expect(home.status).toBe(200);
    expect(home.headers.get('server')).toBe('nginx/1.25.3');
    expect(home.body).toContain('WordPress 6.4.2');
    expect((await get(server.url('/blog/'))).body).toContain('<h1>Blog</h1>');
    expect((await get(server.url('/blog'))).body).toContain('<h1>Blog</h1>');
    const jquery = await get(server.url('/wp-includes/js/jquery/jquery.min.js?ver=3.7.1'));
    expect(jquery.body).toBe(await readFile(join(REPO_ROOT, 'node_modules/jquery/dist/jquery.min.js'), 'utf8'));
    // Headers describe pages, not assets.
    expect(jquery.headers.get('x-frame-options')).toBeNull();
  });

  it.each([
    ['its configuration', '/site.json'],
    ['its versions', '/versions/v2/site.json'],
    ['a version page', '/versions/v2/index.html'],
    ['anything outside the site', '/../../../package.json'],
    ['an encoded way outside', '/..%2f..%2f..%2fpackage.json'],
    ['a malformed path', '/%E0%A4%A'],
  ])('never serves %s', async (_what, path) => {
    const server = await serve('wordpress-style');
    expect(await statusOf(server.port, path)).toBe(404);
  });

  it('switches to a version on the same address: files replaced and added, headers and libraries patched', async () => {
    const server = await serve('wordpress-style');
    const summary = await server.useVersion('v2');
    expect(summary).toMatch(/WordPress to 6\.6\.2/);
    const home = await get(server.url('/'));
    expect(home.body).toContain('WordPress 6.6.2');
    expect(home.headers.get('x-frame-options')).toBeNull();
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get(server.url('/wp-includes/js/dist/vendor/react.min.js?ver=18.3.1'))).body).toContain('18.3.1');
    expect((await get(server.url('/wp-content/plugins/northwind-blocks/build/pricing-calculator.js'))).status).toBe(200);
    // Files the version does not replace are the site's.
    expect((await get(server.url('/pricing/'))).body).toContain('Starter: 29 €');

    await server.useVersion(null);
    const back = await get(server.url('/'));
    expect(back.body).toContain('WordPress 6.4.2');
    expect(back.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('a version can remove a library the site served', async () => {
    const server = await serve('bootstrap-saas');
    expect((await get(server.url('/assets/vendor/jquery-3.7.1/jquery.min.js'))).status).toBe(200);
    await server.useVersion('v2');
    expect((await get(server.url('/assets/vendor/jquery-3.7.1/jquery.min.js'))).status).toBe(404);
    expect((await get(server.url('/assets/vendor/bootstrap-5.3.3/js/bootstrap.bundle.min.js'))).body).toContain('v5.3.3');
  });

  it('a slow version answers its pages late, and its files on time', async () => {
    const server = await serve('react-spa');
    await server.useVersion('v2');
    const timed = async (path: string) => {
      const started = performance.now();
      await get(server.url(path));
      return performance.now() - started;
    };
    expect(await timed('/')).toBeGreaterThanOrEqual(1500);
    expect(await timed('/api/products.json')).toBeLessThan(1000);
  });

  it('a site that goes down answers every request with its error page', async () => {
    const server = await serve('laravel-app');
    expect((await get(server.url('/'))).headers.get('set-cookie')).toMatch(/^laravel_session=/);
    await server.useVersion('v2');
    for (const path of ['/', '/pricing', '/build/assets/bootstrap.min.css']) {
      const response = await get(server.url(path));
      expect(response.status, path).toBe(502);
      expect(response.body).toContain('502 Bad Gateway');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('every demo competitor has the version the demo switches it to', async () => {
    for (const competitor of COMPETITORS) {
      const config = JSON.parse(await readFile(join(SITES_DIR, competitor.site, 'versions', competitor.changesTo, 'site.json'), 'utf8'));
      expect(config.summary, competitor.site).toEqual(expect.any(String));
    }
  });

  it('an unknown version is an error, and the site keeps its version', async () => {
    const server = await serve('react-spa');
    await expect(server.useVersion('v9')).rejects.toThrow(/ENOENT/);
    expect((await get(server.url('/'))).status).toBe(200);
  });
});
