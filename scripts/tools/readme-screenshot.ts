import { fileURLToPath } from 'node:url';
import { composeDigest } from '../alerts/index.ts';
import { line } from '../cli/io.ts';
import { runTool } from '../cli/tool.ts';
import { EXIT } from '../errors.ts';
import { sampleDigest } from './digest-sample.ts';
import { screenshotHtml } from './screenshot.ts';

/**
 * Renders the sample daily digest and writes the README's screenshot:
 * `npx tsx scripts/tools/readme-screenshot.ts [out.png]` (default .github/readme/digest.png).
 */

const DEFAULT_OUT = fileURLToPath(new URL('../../.github/readme/digest.png', import.meta.url));
const SAMPLE_DOMAIN = 'acme.example';

process.exitCode = await runTool('readme-screenshot', async (io) => {
  const sample = sampleDigest();
  const digest = composeDigest(sample.alerts, sample.period, {
    monitors: sample.monitors,
    siteBaseUrl: sample.siteBaseUrl,
    timezone: sample.settings.digests.timezone,
    messageIdDomain: SAMPLE_DOMAIN,
  });
  const out = process.argv[2] ?? DEFAULT_OUT;
  await screenshotHtml(digest.html, out, io.env);
  io.out(line(digest.subject));
  io.out(line(out));
  return EXIT.ok;
});
