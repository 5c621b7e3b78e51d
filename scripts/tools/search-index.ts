import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { siteInputs } from '../../site/src/lib/inputs.ts';
import { writeSearchIndex } from '../../site/search-index.ts';
import { line } from '../cli/io.ts';
import { runTool } from '../cli/tool.ts';
import { EXIT } from '../errors.ts';

/**
 * The search index of a built site: `npx tsx scripts/tools/search-index.ts`, the second half of
 * `npm run site:build`. Reads the folders from the environment as the site does
 * (TECHSCAN_DATA, TECHSCAN_MONITORS, TECHSCAN_SITE_OUT, the last relative to site/).
 */
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SITE_ROOT = fileURLToPath(new URL('../../site/', import.meta.url));

process.exitCode = await runTool('search-index', async (io) => {
  const inputs = siteInputs(io.env, REPO_ROOT, io.cwd);
  const outDir = resolve(SITE_ROOT, io.env.TECHSCAN_SITE_OUT ?? 'dist');
  const result = await writeSearchIndex({ outDir, dataDir: inputs.dataDir, monitorsDir: inputs.monitorsDir, repoRoot: REPO_ROOT });
  io.out(line(`search index: ${result.pages} pages and ${result.changes} changes in ${result.durationMs} ms`));
  return EXIT.ok;
});
