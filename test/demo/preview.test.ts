import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { previewSite } from '../../scripts/demo/preview.ts';
import { UsageError } from '../../scripts/errors.ts';
import { tempDir } from '../helpers/temp.ts';

async function builtSite() {
  const dir = await tempDir();
  await mkdir(join(dir, 'monitors', 'demo', 'northwind'), { recursive: true });
  await writeFile(join(dir, 'index.html'), '<h1>Overview</h1>');
  await writeFile(join(dir, 'monitors', 'demo', 'northwind', 'index.html'), '<h1>Northwind</h1>');
  await writeFile(join(dir, 'feed.xml'), '<rss/>');
  await writeFile(join(dir, '404.html'), '<h1>Lost</h1>');
  return dir;
}

describe('serving the built site', () => {
  it('serves pages, folders and the site 404 page, as GitHub Pages does', async () => {
    const preview = await previewSite(await builtSite());
    onTestFinished(() => preview.close());
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const cases = [
      ['', 200, 'Overview', 'text/html'],
      ['monitors/demo/northwind/', 200, 'Northwind', 'text/html'],
      ['monitors/demo/northwind', 200, 'Northwind', 'text/html'],
      ['feed.xml', 200, '<rss/>', 'application/xml'],
      ['monitors/demo/nobody/', 404, 'Lost', 'text/html'],
    ] as const;
    for (const [path, status, text, type] of cases) {
      const response = await fetch(new URL(path, preview.url));
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type'), path).toContain(type);
      expect(await response.text(), path).toContain(text);
    }
  });

  it('says so when the port is taken', async () => {
    const first = await previewSite(await builtSite());
    onTestFinished(() => first.close());
    await expect(previewSite(await builtSite(), first.port)).rejects.toThrow(UsageError);
  });
});
