import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scanner } from '../../../scripts/scan/contract.ts';
import { trustFromPem } from '../../../scripts/scan/trust.ts';
import { scanResultSchema } from '../../../scripts/schema/scan.ts';
import { createTestCa } from '../../helpers/test-ca.ts';
import { scanUrl as scan, settings, testScanner } from '../support.ts';
import { scanUrl } from './profile-scans.ts';
import { startProfileServers, type ProfileServers } from './profile-server.ts';
import { expectedResults, PROFILES } from './profiles.ts';

/**
 * Every header profile scanned for real, over plain HTTP and over HTTPS (a certificate from a
 * CA made for the test, trusted through the scanner's NODE_EXTRA_CA_CERTS trust), at light
 * depth and in Chromium: each must get the grade profiles.ts derives by hand.
 */

const SCAN_TIMEOUT = { timeout: 60_000 };
let dir: string;
let servers: ProfileServers;
let light: Scanner;
let browser: Scanner;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'techscan-profiles-'));
  const ca = await createTestCa(dir);
  servers = await startProfileServers(PROFILES, await ca.issue(['IP:127.0.0.1', 'DNS:localhost']));
  const trust = trustFromPem(ca.pem, ca.file);
  light = testScanner(undefined, { browser: false, trust });
  browser = testScanner(undefined, { trust });
});
afterAll(async () => {
  await Promise.all([light?.close(), browser?.close()]);
  await servers?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(['https', 'http'] as const)('header profiles over %s', (protocol) => {
  describe.each(['light', 'standard'] as const)('at %s depth', (depth) => {
    it.concurrent.each(PROFILES.map((profile) => [profile.name, profile] as const))('%s', SCAN_TIMEOUT, async (_name, profile) => {
      const { result } = await scan(depth === 'light' ? light : browser, scanUrl(profile, protocol, servers.origins), settings(depth, { timeoutSeconds: 30 }));
      expect(scanResultSchema.parse(result)).toEqual(result);
      expect(result.error).toBeUndefined();
      const security = result.security;
      expect(Object.fromEntries((security?.findings ?? []).map((finding) => [finding.test, finding.result]))).toEqual(expectedResults(profile, protocol));
      expect({ score: security?.score, grade: security?.grade, algorithm: security?.algorithm }).toEqual({
        score: profile[protocol].score,
        grade: profile[protocol].grade,
        algorithm: 6,
      });
    });
  });
});
