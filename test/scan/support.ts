import { findChromium } from '../../scripts/scan/browser/launch.ts';
import type { ScanOutcome, Scanner } from '../../scripts/scan/contract.ts';
import { TechscanScanner, type Detection } from '../../scripts/scan/scanner.ts';
import { scanSettings, type ScanSettings } from '../../scripts/schema/monitor.ts';
import type { Depth } from '../../scripts/schema/common.ts';
import type { Trust } from '../../scripts/scan/trust.ts';

/**
 * Scanners for the tests that are not about technologies (errors, limits, content): offline,
 * so only loopback resolves, with an empty collection plan and no matcher.
 */
export const NO_DETECTION: Detection = { version: 'none', rules: 'none', plan: { js: [], dom: [] }, detect: () => [] };

export function testScanner(
  detection: Detection = NO_DETECTION,
  { browser = true, allowPrivateNetworks = true, trust }: { browser?: boolean; allowPrivateNetworks?: boolean; trust?: Trust } = {},
): Scanner {
  return new TechscanScanner({
    detection,
    tool: 'techscan@test',
    chromium: browser ? findChromium(process.env) : null,
    // The fixture sites are on 127.0.0.1: these scanners opt in; test/scan/guard*.test.ts run with the guard on.
    network: { offline: true, allowPrivateNetworks },
    ...(trust ? { trust } : {}),
  });
}

export function settings(depth: Depth, overrides: Partial<Record<keyof ScanSettings, unknown>> = {}): ScanSettings {
  return scanSettings.parse({ depth, timeoutSeconds: 10, ...overrides });
}

export function scanUrl(
  scanner: Scanner,
  url: string,
  scanSettingsValue: ScanSettings,
  extra: { artifactsDir?: string; signal?: AbortSignal } = {},
): Promise<ScanOutcome> {
  return scanner.scan({ url, monitor: null, settings: scanSettingsValue, rulesHash: 'rules-test', ...extra });
}
