import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import { loadMonitorConfig } from '../scripts/monitors/files.ts';
import { siteInputs } from './src/lib/inputs.ts';
import { publishing } from './src/lib/publishing.ts';

/**
 * A static site built from data/ and monitors/ (paths from TECHSCAN_DATA and
 * TECHSCAN_MONITORS). The base path and site URL follow monitors/_settings.yaml, SITE_BASE,
 * TECHSCAN_SITE_URL and GITHUB_REPOSITORY; TECHSCAN_SITE_OUT and TECHSCAN_SITE_CACHE move the
 * output and cache folders (so parallel builds never share them). The search index is written
 * after the build, in a process of its own (site/search-index.ts).
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const inputs = siteInputs(process.env, repoRoot, process.cwd());
const { settings } = await loadMonitorConfig(inputs.monitorsDir, repoRoot);
const { base, siteUrl } = publishing(settings, process.env);

export default defineConfig({
  base,
  site: siteUrl ?? undefined,
  outDir: process.env.TECHSCAN_SITE_OUT ?? './dist',
  cacheDir: process.env.TECHSCAN_SITE_CACHE ?? './node_modules/.astro',
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  compressHTML: true,
  devToolbar: { enabled: false },
  vite: {
    define: { __TECHSCAN_REPO_ROOT__: JSON.stringify(repoRoot) },
  },
});
