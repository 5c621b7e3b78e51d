import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { collectionPlan, detect, loadFingerprints } from '../detect/index.ts';
import { EnvironmentError } from '../errors.ts';
import { findChromium, INSTALL_ADVICE } from './browser/launch.ts';
import type { Scanner } from './contract.ts';
import { TechscanScanner, type Detection } from './scanner.ts';
import { loadTrust } from './trust.ts';

export type { ScanOutcome, ScanRequest, Scanner } from './contract.ts';

export interface ScannerOptions {
  /** 'auto': Playwright's own Chromium if installed, else $CHROMIUM_PATH, else /usr/bin/chromium; 'none': light only. */
  readonly browser: 'auto' | 'none';
  /** With no browser found: false → EnvironmentError saying how to install one; true → light depth only. */
  readonly fallbackToLight?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Resolve only loopback hosts, in the browser and in Node: the tests and the demo scan local
   * fixture sites whose pages still name third-party hosts (a gtag script), and nothing may
   * leave the machine. Default: `$TECHSCAN_OFFLINE` is `1`.
   */
  readonly offline?: boolean;
}

/**
 * The scan stage's entry point. Finds a browser now (launching it waits for the first
 * standard or deep scan), loads the fingerprints and the extra certificate authorities named
 * by `NODE_EXTRA_CA_CERTS` once, and returns the Scanner the run stage and `scan <url>` use.
 */
export async function createScanner(options: ScannerOptions): Promise<Scanner> {
  const env = options.env ?? process.env;
  const chromium = options.browser === 'auto' ? findChromium(env) : null;
  if (options.browser === 'auto' && !chromium && !options.fallbackToLight) throw new EnvironmentError(INSTALL_ADVICE);
  const [detection, tool, trust] = await Promise.all([loadDetection(), toolVersion(), loadTrust(env)]);
  return new TechscanScanner({ detection, tool, chromium, offline: options.offline ?? env.TECHSCAN_OFFLINE === '1', trust });
}

async function loadDetection(): Promise<Detection> {
  const fingerprints = await loadFingerprints();
  return {
    version: fingerprints.version,
    plan: collectionPlan(fingerprints),
    detect: (signals) => detect(signals, fingerprints),
  };
}

const packageSchema = z.object({ version: z.string() });

async function toolVersion(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  return `techscan@${packageSchema.parse(JSON.parse(text)).version}`;
}
