import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { openStore } from '../../scripts/store/store.ts';
import { changeSearchRecord, SEARCH_LANGUAGE } from '../src/lib/search.ts';

/**
 * Builds the site's search index with Pagefind once Astro has written the pages: the pages
 * marked `data-pagefind-body` (monitors and technologies) plus one record per change, read
 * from data/ through the store. The index is static files under `pagefind/`; searching runs in
 * the browser, so the site still needs no server.
 */

export const SEARCH_BUNDLE = 'pagefind';

export function searchIndex(options: { readonly dataDir: string; readonly names: ReadonlyMap<string, string> }): AstroIntegration {
  return {
    name: 'techscan-search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const started = Date.now();
        try {
          const created = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE });
          const index = created.index;
          if (!index) throw new Error(`Pagefind could not start: ${created.errors.join('; ')}`);
          const pages = await index.addDirectory({ path: outDir });
          fail('indexing the pages', pages.errors);
          const store = openStore(options.dataDir);
          let records = 0;
          for (const monitor of await store.monitorIds()) {
            for (const change of await store.changes(monitor)) {
              const added = await index.addCustomRecord(changeSearchRecord(change, options.names.get(monitor) ?? monitor));
              fail(`indexing change ${change.id}`, added.errors);
              records += 1;
            }
          }
          const written = await index.writeFiles({ outputPath: join(outDir, SEARCH_BUNDLE) });
          fail('writing the index', written.errors);
          logger.info(`search index: ${pages.page_count} pages and ${records} changes in ${Date.now() - started} ms`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}

function fail(step: string, errors: readonly string[]): void {
  if (errors.length > 0) throw new Error(`search index: ${step} failed: ${errors.join('; ')}`);
}
