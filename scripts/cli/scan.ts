import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { EXIT, UsageError } from '../errors.ts';
import { DEPTHS, type Depth } from '../schema/common.ts';
import { scanSettings } from '../schema/monitor.ts';
import { createScanner } from '../scan/index.ts';
import { formatScanSummary } from './scan-summary.ts';
import { contentHash } from '../shared/hash.ts';
import { ALLOW_PRIVATE_NETWORKS_OPTION, defineCommand, JSON_OPTION } from './command.ts';
import { json } from './io.ts';

interface ScanArgs {
  readonly url: string;
  readonly depth: Depth;
  readonly json: boolean;
  readonly timeoutSeconds: number;
  readonly artifactsDir: string;
  readonly ignoreSelectors: readonly string[];
  readonly ignorePatterns: readonly string[];
  readonly allowPrivateNetworks: boolean;
}

const httpUrl = z.url({ protocol: /^https?$/ });
const DEFAULT_ARTIFACTS = '.techscan/artifacts';

export const scanCommand = defineCommand<ScanArgs>({
  name: 'scan',
  summary:
    'Scan one page now and print what it runs: technologies, performance, security grade, infrastructure and content. Exit 1 when the scan failed (the result is printed all the same).',
  usage: '<url>',
  options: {
    depth: {
      type: 'string',
      placeholder: '<depth>',
      description: 'light (HTTP only, no browser) | standard (headless Chromium, default) | deep (standard + a few same-site pages + a screenshot)',
    },
    timeout: { type: 'string', placeholder: '<seconds>', description: 'Upper bound for the whole scan (default 60)' },
    'ignore-selector': { type: 'string', multiple: true, placeholder: '<css>', description: 'Leave this element out of the content (repeatable)' },
    'ignore-pattern': { type: 'string', multiple: true, placeholder: '<regex>', description: 'Remove this pattern from the text before hashing (repeatable)' },
    artifacts: { type: 'string', placeholder: '<dir>', description: `Where a deep scan saves its screenshot (default ${DEFAULT_ARTIFACTS})` },
    'allow-private-networks': ALLOW_PRIVATE_NETWORKS_OPTION,
    json: JSON_OPTION,
  },
  parse(input, io) {
    const [url, ...extra] = input.positionals;
    if (url === undefined) throw new UsageError('give the URL to scan, e.g. `scan https://example.com/`');
    if (extra.length > 0) throw new UsageError(`scan takes one URL, got ${input.positionals.length}`);
    if (!httpUrl.safeParse(url).success) throw new UsageError(`"${url}" is not an http:// or https:// URL`);
    const depth = input.string('depth') ?? 'standard';
    if (!isDepth(depth)) throw new UsageError(`--depth: "${depth}" is not one of ${DEPTHS.join(', ')}`);
    for (const pattern of input.list('ignore-pattern')) {
      try {
        new RegExp(pattern, 'giu');
      } catch (error) {
        throw new UsageError(`--ignore-pattern: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return {
      url,
      depth,
      json: input.flag('json'),
      timeoutSeconds: input.integer('timeout', { min: 5, max: 600 }) ?? 60,
      artifactsDir: resolve(io.cwd, input.string('artifacts') ?? DEFAULT_ARTIFACTS),
      ignoreSelectors: input.list('ignore-selector'),
      ignorePatterns: input.list('ignore-pattern'),
      allowPrivateNetworks: input.flag('allow-private-networks'),
    };
  },
  async run(args, io) {
    const settings = scanSettings.parse({
      depth: args.depth,
      timeoutSeconds: args.timeoutSeconds,
      ignore: { selectors: args.ignoreSelectors, patterns: args.ignorePatterns },
    });
    const scanner = await createScanner({ browser: args.depth === 'light' ? 'none' : 'auto', env: io.env, allowPrivateNetworks: args.allowPrivateNetworks });
    const controller = new AbortController();
    const stopListening = io.onInterrupt(() => controller.abort());
    try {
      if (args.depth === 'deep') await mkdir(args.artifactsDir, { recursive: true });
      const { result, artifacts } = await scanner.scan({
        url: args.url,
        monitor: null,
        settings,
        // The same rules hash a monitor with these settings gets, so ad-hoc and monitored scans compare.
        rulesHash: contentHash({ url: args.url, depth: settings.depth, track: settings.track, ignore: settings.ignore, maxPages: settings.maxPages }, 12),
        artifactsDir: args.artifactsDir,
        signal: controller.signal,
      });
      io.out(args.json ? json(result) : formatScanSummary(result));
      if (!args.json && artifacts.length > 0) io.out(`\nScreenshot: ${artifacts.join(', ')}\n`);
      if (result.error?.kind === 'aborted') return EXIT.interrupted;
      return result.ok ? EXIT.ok : EXIT.problems;
    } finally {
      stopListening();
      await scanner.close();
    }
  },
});

function isDepth(value: string): value is Depth {
  return DEPTHS.some((depth) => depth === value);
}
