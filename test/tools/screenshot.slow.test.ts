import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../scripts/alerts/index.ts';
import { findChromium, launchChromium } from '../../scripts/scan/browser/launch.ts';
import { sampleDigest } from '../../scripts/tools/digest-sample.ts';
import { screenshotHtml, SCREENSHOT_WIDTH } from '../../scripts/tools/screenshot.ts';
import { tempDir } from '../helpers/temp.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PHONE_WIDTH = 375;

function sampleHtml(): string {
  const sample = sampleDigest();
  return composeDigest(sample.alerts, sample.period, {
    monitors: sample.monitors,
    siteBaseUrl: sample.siteBaseUrl,
    timezone: sample.settings.digests.timezone,
    messageIdDomain: 'acme.example',
  }).html;
}

describe('the HTML digest in headless Chromium', () => {
  it('is screenshotted as a PNG of the whole message', { timeout: 60_000 }, async () => {
    const file = join(await tempDir(), 'digest.png');
    await screenshotHtml(sampleHtml(), file, process.env);
    const png = await readFile(file);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // IHDR: width and height at bytes 16 and 20, at device scale 2.
    expect(png.readUInt32BE(16)).toBe(SCREENSHOT_WIDTH * 2);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1600);
  });

  it('fits a phone screen without sideways scrolling and shows every change', { timeout: 60_000 }, async () => {
    const location = findChromium(process.env);
    if (!location) throw new Error('no Chromium on this machine');
    const browser = await launchChromium(location);
    try {
      const page = await browser.newPage({ viewport: { width: PHONE_WIDTH, height: 700 } });
      await page.setContent(sampleHtml());
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_WIDTH);
      const links = await page.locator('a', { hasText: 'View change' }).count();
      expect(links).toBe(6);
      await expect(page.locator('h1').textContent()).resolves.toBe('6 changes at 4 competitors');
    } finally {
      await browser.close();
    }
  });
});
