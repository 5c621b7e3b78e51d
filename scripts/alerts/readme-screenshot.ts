import { fileURLToPath } from 'node:url';
import { composeDigest } from './compose.ts';
import { sampleDigest } from './sample.ts';
import { screenshotHtml } from './screenshot.ts';

/**
 * Renders the sample daily digest and writes the README's screenshot:
 * `npx tsx scripts/alerts/readme-screenshot.ts [out.png]` (default .github/readme/digest.png).
 */

const DEFAULT_OUT = fileURLToPath(new URL('../../.github/readme/digest.png', import.meta.url));

const sample = sampleDigest();
const digest = composeDigest(sample.alerts, sample.period, {
  monitors: sample.monitors,
  siteBaseUrl: sample.siteBaseUrl,
  timezone: sample.settings.digests.timezone,
  messageIdDomain: 'acme.example',
});
const out = process.argv[2] ?? DEFAULT_OUT;
await screenshotHtml(digest.html, out);
process.stdout.write(`${digest.subject}\n${out}\n`);
