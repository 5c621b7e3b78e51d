import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EnvironmentError } from '../errors.ts';
import { findChromium, INSTALL_ADVICE, launchChromium } from '../scan/browser/launch.ts';

/** A PNG of an HTML digest as a mail client would show it, rendered by the scanner's headless Chromium. */

type Env = Readonly<Record<string, string | undefined>>;

export const SCREENSHOT_WIDTH = 720;
const INITIAL_HEIGHT = 800;
const SCALE = 2;

export async function screenshotHtml(html: string, file: string, env: Env): Promise<void> {
  const location = findChromium(env);
  if (!location) throw new EnvironmentError(INSTALL_ADVICE);
  const browser = await launchChromium(location);
  try {
    const page = await browser.newPage({ viewport: { width: SCREENSHOT_WIDTH, height: INITIAL_HEIGHT }, deviceScaleFactor: SCALE });
    // A digest is self-contained: anything it tried to load would be a bug, so nothing loads.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await mkdir(dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await browser.close();
  }
}
