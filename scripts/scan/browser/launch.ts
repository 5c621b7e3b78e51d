import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';
import { EnvironmentError } from '../../errors.ts';
import { GUARD_ARGS } from '../guard/browser-flags.ts';
import { RENDERER_HEAP_ARGS } from './renderers.ts';

/**
 * Finding and starting Chromium: Playwright's own build when installed, else $CHROMIUM_PATH,
 * else the system's /usr/bin/chromium.
 */

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const INSTALL_ADVICE =
  'no Chromium found: run `npx playwright install chromium`, or install a system Chromium (e.g. `apt-get install chromium`) and set CHROMIUM_PATH if it is not at /usr/bin/chromium; or scan at light depth (--depth light), which needs no browser';

/**
 * Flags for a headless scanner: no sandbox (containers, CI), no background traffic of its own,
 * no path to the network but the guard proxy each context is given (scripts/scan/guard/proxy.ts),
 * and a capped JavaScript heap in every renderer (renderers.ts).
 */
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  // The GPU process's work (software compositing) runs in the browser process: one process
  // fewer, about 100 MB less memory per browser.
  '--in-process-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--mute-audio',
  ...GUARD_ARGS,
  ...RENDERER_HEAP_ARGS,
];

export interface ChromiumLocation {
  readonly path: string;
  readonly source: 'playwright' | 'CHROMIUM_PATH' | 'system';
}

export function findChromium(env: Readonly<Record<string, string | undefined>>, exists: (path: string) => boolean = existsSync): ChromiumLocation | null {
  const candidates: ChromiumLocation[] = [];
  const bundled = playwrightChromium();
  if (bundled) candidates.push({ path: bundled, source: 'playwright' });
  if (env.CHROMIUM_PATH) candidates.push({ path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' });
  candidates.push({ path: SYSTEM_CHROMIUM, source: 'system' });
  return candidates.find((candidate) => exists(candidate.path)) ?? null;
}

function playwrightChromium(): string | null {
  try {
    return chromium.executablePath();
  } catch {
    // Playwright throws when its browsers were never downloaded: there is no bundled build.
    return null;
  }
}

export interface LaunchOptions {
  /** Flags that trust extra certificate authorities (scripts/scan/trust.ts). */
  readonly trustArgs?: readonly string[];
}

export async function launchChromium(location: ChromiumLocation, { trustArgs = [] }: LaunchOptions = {}): Promise<Browser> {
  try {
    return await chromium.launch({
      executablePath: location.path,
      headless: true,
      args: [...LAUNCH_ARGS, ...trustArgs],
      // Playwright's own handlers close the browser and exit the process on the first signal,
      // before a run can finish its writes; the scanner closes the browser itself.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new EnvironmentError(`Chromium at ${location.path} (${location.source}) did not start: ${detail}; ${INSTALL_ADVICE}`);
  }
}
