import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { collectionPlan, detect, loadFingerprints, OWN_RULES, PROBES } from '../detect/index.ts';
import { contentHash } from '../shared/hash.ts';
import { IN_PAGE_PROBES_SOURCE } from './browser/collector.ts';
import { systemResolver } from './dns-records.ts';
import { EnvironmentError } from '../errors.ts';
import { findChromium, INSTALL_ADVICE } from './browser/launch.ts';
import type { Scanner } from './contract.ts';
import { TechscanScanner, type Detection } from './scanner.ts';
import { loadTrust } from './trust.ts';

export type { Scanner } from './contract.ts';

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
  /**
   * The one opt-in to reach loopback, private, link-local and metadata addresses (intranet
   * monitoring, the tests' and the demo's local sites). Off unless a caller turns it on:
   * `--allow-private-networks`, or `allowPrivateNetworks: true` in monitors/_settings.yaml.
   */
  readonly allowPrivateNetworks?: boolean;
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
  const network = { offline: options.offline ?? env.TECHSCAN_OFFLINE === '1', allowPrivateNetworks: options.allowPrivateNetworks ?? false };
  // Offline, only loopback may be asked anything: no DNS records.
  return new TechscanScanner({ detection, tool, chromium, network, trust, dns: network.offline ? null : systemResolver() });
}

async function loadDetection(): Promise<Detection> {
  const fingerprints = await loadFingerprints();
  return {
    version: fingerprints.version,
    rules: detectionRulesHash(),
    plan: collectionPlan(fingerprints),
    detect: (signals) => detect(signals, fingerprints),
  };
}

const packageSchema = z.object({ version: z.string() });

async function toolVersion(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  return `techscan@${packageSchema.parse(JSON.parse(text)).version}`;
}

/**
 * What our layer on the fingerprint database is: our own rules, the probe table and the
 * probes' in-page code. Recorded with every scan, so changing any of them starts a new
 * technology baseline instead of reading as a change at the competitor.
 */
export function detectionRulesHash(): string {
  return contentHash({ ownRules: OWN_RULES, probes: PROBES, inPageProbes: IN_PAGE_PROBES_SOURCE }, 12);
}
