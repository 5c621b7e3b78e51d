import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { chromium } from 'playwright';
import { EnvironmentError } from '../errors.ts';

/** A PNG of an HTML digest as a mail client would show it, rendered by headless Chromium. */

type Env = Readonly<Record<string, string | undefined>>;

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
export const SCREENSHOT_WIDTH = 720;
const INITIAL_HEIGHT = 800;
const SCALE = 2;

/** Playwright's own Chromium when installed, then $CHROMIUM_PATH, then the system one. */
export function chromiumExecutable(env: Env): string {
  const candidates = [chromium.executablePath(), env.CHROMIUM_PATH, SYSTEM_CHROMIUM];
  const found = candidates.find((path): path is string => typeof path === 'string' && path !== '' && existsSync(path));
  if (!found) throw new EnvironmentError('no Chromium found: run `npx playwright install chromium` or set CHROMIUM_PATH');
  return found;
}

export async function screenshotHtml(html: string, file: string, env: Env = process.env): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumExecutable(env), args: LAUNCH_ARGS });
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
