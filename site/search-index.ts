import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { loadMonitorConfig } from '../scripts/monitors/files.ts';
import { openStore } from '../scripts/store/store.ts';
import { SiteBuildError } from './build.ts';
import { changesSearchPage, SEARCH_LANGUAGE } from './src/lib/search.ts';

/**
 * Builds the site's search index with Pagefind once Astro has written the pages, in a process
 * of its own (`npm run site:build` runs it after `astro build`): Astro's process still holds
 * the whole site model when it finishes, and the two together passed 2 GB at 1,000 monitors.
 * Indexed: the pages marked `data-pagefind-body` (monitors and technologies) plus each
 * monitor's changes, read from data/ through the store. The index is static files under
 * `pagefind/`; searching runs in the browser, so the site still needs no server.
 */

export const SEARCH_BUNDLE = 'pagefind';

export interface SearchIndexOptions {
  /** The built site. */
  readonly outDir: string;
  readonly dataDir: string;
  readonly monitorsDir: string;
  readonly repoRoot: string;
}

export interface SearchIndexResult {
  readonly pages: number;
  readonly changes: number;
  readonly durationMs: number;
}

export async function writeSearchIndex(options: SearchIndexOptions): Promise<SearchIndexResult> {
  const started = Date.now();
  const { monitors } = await loadMonitorConfig(options.monitorsDir, options.repoRoot);
  const names = new Map(monitors.map((monitor) => [monitor.id, monitor.name]));
  try {
    const created = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE });
    const index = created.index;
    if (!index) throw new SiteBuildError(`search index: Pagefind could not start: ${created.errors.join('; ')}`);
    const pages = await index.addDirectory({ path: options.outDir });
    fail('indexing the pages', pages.errors);
    const store = openStore(options.dataDir);
    let changes = 0;
    for (const monitor of await store.monitorIds()) {
      const records = await store.changes(monitor);
      if (records.length === 0) continue;
      const page = changesSearchPage(monitor, names.get(monitor) ?? monitor, records.toReversed());
      const added = await index.addHTMLFile({ url: page.url, content: page.html });
      fail(`indexing the changes of ${monitor}`, added.errors);
      changes += records.length;
    }
    const written = await index.writeFiles({ outputPath: join(options.outDir, SEARCH_BUNDLE) });
    fail('writing the index', written.errors);
    return { pages: pages.page_count, changes, durationMs: Date.now() - started };
  } finally {
    await pagefind.close();
  }
}

function fail(step: string, errors: readonly string[]): void {
  if (errors.length > 0) throw new SiteBuildError(`search index: ${step} failed: ${errors.join('; ')}`);
}
