import { mkdtemp, rm } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../scripts/errors.ts';
import { startLocalServer, type LocalServer } from '../../scripts/demo/local-server.ts';
import type { Scanner } from '../../scripts/scan/contract.ts';
import { Deadline } from '../../scripts/scan/deadline.ts';
import { probeHttp } from '../../scripts/scan/observatory-probes.ts';
import { trustFromPem } from '../../scripts/scan/trust.ts';
import { scanResultSchema } from '../../scripts/schema/scan.ts';
import { runCli } from '../helpers/cli.ts';
import { page } from '../helpers/fixture-server.ts';
import { createTestCa, startTlsServer, type TestCa, type TlsServer } from '../helpers/test-ca.ts';
import { scanUrl, settings, testScanner } from './support.ts';

/**
 * HTTPS sites behind a private CA: trusted through NODE_EXTRA_CA_CERTS by Node's client and by
 * Chromium; a certificate from another CA, or one for another host, still fails as `tls`.
 */

const SLOW = { timeout: 60_000 };
const DEPTHS = ['light', 'standard'] as const;
let dir: string;
let ca: TestCa;
let trusted: TlsServer;
let otherCa: TlsServer;
let wrongHost: TlsServer;
let toOtherCa: LocalServer;
const scanners: Scanner[] = [];
let light: Scanner;
let browser: Scanner;

const site = (_request: unknown, response: import('node:http').ServerResponse) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'strict-transport-security': 'max-age=31536000' });
  response.end(page('<h1>Private</h1>', { title: 'Private' }));
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'techscan-tls-'));
  ca = await createTestCa(dir);
  const other = await createTestCa(dir, 'Other Test CA');
  trusted = await startTlsServer(site, await ca.issue(['IP:127.0.0.1', 'DNS:localhost']));
  otherCa = await startTlsServer(site, await other.issue(['IP:127.0.0.1', 'DNS:localhost']));
  // Issued by the trusted CA, and sent with it, but for another host name.
  wrongHost = await startTlsServer(site, await ca.issue(['DNS:elsewhere.test']));
  toOtherCa = await startLocalServer((_request, response) => void response.writeHead(301, { location: `${otherCa.origin}/` }).end());
  const trust = trustFromPem(ca.pem, ca.file);
  light = testScanner(undefined, { browser: false, trust });
  browser = testScanner(undefined, { trust });
  scanners.push(light, browser);
});
afterAll(async () => {
  await Promise.all(scanners.map((scanner) => scanner.close()));
  await Promise.all([trusted?.close(), otherCa?.close(), wrongHost?.close(), toOtherCa?.close()]);
  await rm(dir, { recursive: true, force: true });
});

const scannerFor = (depth: (typeof DEPTHS)[number]) => (depth === 'light' ? light : browser);

describe.each(DEPTHS)('a private CA at %s depth', (depth) => {
  it('is trusted, and the scan records the certificate as received', SLOW, async () => {
    const { result } = await scanUrl(scannerFor(depth), `${trusted.origin}/`, settings(depth, { timeoutSeconds: 30 }));
    expect(scanResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({ ok: true, status: 200 });
    const leaf = new X509Certificate((await ca.issue(['IP:127.0.0.1'])).leaf);
    const tls = result.infrastructure?.tls;
    expect(tls?.issuer).toBe('TechScan Test CA');
    // Both certificates of the test CA expire VALID_DAYS from now, to the minute.
    expect(Math.abs(new Date(tls?.validTo ?? 0).getTime() - new Date(leaf.validTo).getTime())).toBeLessThan(120_000);
    expect(tls?.protocol).toBe(depth === 'light' ? 'TLSv1.3' : 'TLS 1.3');
    // Over https, with HSTS; nothing answers plain http on the TLS port, so no redirection is needed.
    const results = Object.fromEntries((result.security?.findings ?? []).map((finding) => [finding.test, finding.result]));
    expect(results).toMatchObject({
      'strict-transport-security': 'hsts-implemented-max-age-at-least-six-months',
      redirection: 'redirection-not-needed-no-http',
    });
  });

  it('does not stand in for another CA', SLOW, async () => {
    const { result } = await scanUrl(scannerFor(depth), `${otherCa.origin}/`, settings(depth, { timeoutSeconds: 30 }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'tls' } });
    // Chromium refuses it itself: no certificate in its chain has a trusted SPKI.
    if (depth === 'standard') expect(result.error?.message).toContain('ERR_CERT_AUTHORITY_INVALID');
  });

  it('does not make a certificate for another host name valid', SLOW, async () => {
    // Chromium alone would accept it (its chain presents the trusted CA); Node's check refuses it.
    const { result } = await scanUrl(scannerFor(depth), `${wrongHost.origin}/`, settings(depth, { timeoutSeconds: 30 }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'tls' } });
    if (depth === 'standard') expect(result.error?.message).toContain('so this check decides');
  });
});

describe('without the CA', () => {
  it.each(DEPTHS)('an https site behind it fails as tls at %s depth', SLOW, async (depth) => {
    const untrusting = testScanner(undefined, { browser: depth !== 'light' });
    scanners.push(untrusting);
    const { result } = await scanUrl(untrusting, `${trusted.origin}/`, settings(depth, { timeoutSeconds: 30 }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'tls' } });
  });
});

describe('the scan command', () => {
  it('trusts the CA named by NODE_EXTRA_CA_CERTS', SLOW, async () => {
    const { code, stdout } = await runCli(['scan', `${trusted.origin}/`, '--depth', 'light', '--json', '--allow-private-networks'], {
      env: { NODE_EXTRA_CA_CERTS: ca.file },
    });
    expect(code).toBe(EXIT.ok);
    const result = scanResultSchema.parse(JSON.parse(stdout));
    expect(result.infrastructure?.tls?.issuer).toBe('TechScan Test CA');
    // The page's own fetch and its samples, taken on the sampler's thread with the same trust.
    expect(result.performance?.samples?.ttfbMs?.length ?? 0).toBeGreaterThan(1);
  });

  it('says so when NODE_EXTRA_CA_CERTS names a file it cannot read', async () => {
    const { code, stderr } = await runCli(['scan', `${trusted.origin}/`, '--depth', 'light'], { env: { NODE_EXTRA_CA_CERTS: join(dir, 'missing.pem') } });
    expect(code).toBe(EXIT.environment);
    expect(stderr).toContain('NODE_EXTRA_CA_CERTS names');
  });
});

describe('the http:// probe', () => {
  it('reports a certificate on the way that does not verify (redirection-invalid-cert)', async () => {
    const deadline = new Deadline(10_000);
    try {
      // http://127.0.0.1:<port>/ redirects to an https site whose CA is not trusted.
      const route = await probeHttp(`https://127.0.0.1:${toOtherCa.port}/`, {
        deadline,
        network: { offline: true, allowPrivateNetworks: true },
        tls: trustFromPem(ca.pem, ca.file).tlsOptions,
      });
      expect(route).toEqual({ hops: [], verified: false });
    } finally {
      deadline.dispose();
    }
  });
});
