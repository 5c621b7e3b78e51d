import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../scripts/errors.ts';
import { DEFAULT_TRUST, loadTrust, verifiesCertificates } from '../../scripts/scan/trust.ts';
import { createTestCa, writeBundle } from '../helpers/test-ca.ts';
import { tempDir } from '../helpers/temp.ts';

/** NODE_EXTRA_CA_CERTS read into TLS options for Node and SPKI hashes for Chromium. */

const execFileAsync = promisify(execFile);

/** The SPKI hash as openssl computes it, independently of Node's crypto. */
async function opensslSpkiHash(certificateFile: string): Promise<string> {
  const publicKey = `${certificateFile}.public.pem`;
  const der = `${certificateFile}.public.der`;
  const hash = `${certificateFile}.spki.sha256`;
  await execFileAsync('openssl', ['x509', '-in', certificateFile, '-pubkey', '-noout', '-out', publicKey]);
  await execFileAsync('openssl', ['pkey', '-pubin', '-in', publicKey, '-outform', 'der', '-out', der]);
  await execFileAsync('openssl', ['dgst', '-sha256', '-binary', '-out', hash, der]);
  const { stdout } = await execFileAsync('openssl', ['base64', '-in', hash]);
  return stdout.trim();
}

describe('trust from NODE_EXTRA_CA_CERTS', () => {
  it('is Node’s and Chromium’s defaults without the variable', async () => {
    expect(await loadTrust({})).toBe(DEFAULT_TRUST);
    expect(verifiesCertificates(DEFAULT_TRUST)).toBe(false);
  });

  it('gives Chromium the SHA-256 of each CA’s public key, as openssl computes it', async () => {
    const dir = await tempDir();
    const [first, second] = await Promise.all([createTestCa(dir, 'First Test CA'), createTestCa(dir, 'Second Test CA')]);
    const trust = await loadTrust({ NODE_EXTRA_CA_CERTS: await writeBundle(join(dir, 'bundle.pem'), [first, second]) });
    const hashes = [await opensslSpkiHash(first.file), await opensslSpkiHash(second.file)];
    expect(trust.chromiumArgs).toEqual([`--ignore-certificate-errors-spki-list=${hashes.join(',')}`]);
    expect(trust.tlsOptions.secureContext).toBeDefined();
    expect(verifiesCertificates(trust)).toBe(true);
  });

  it('says which file it cannot read, and why', async () => {
    const dir = await tempDir();
    const missing = join(dir, 'missing.pem');
    await expect(loadTrust({ NODE_EXTRA_CA_CERTS: missing })).rejects.toThrow(EnvironmentError);
    await expect(loadTrust({ NODE_EXTRA_CA_CERTS: missing })).rejects.toThrow(`NODE_EXTRA_CA_CERTS names ${missing}, which cannot be read`);
    const empty = join(dir, 'empty.pem');
    await writeFile(empty, 'not a certificate\n');
    await expect(loadTrust({ NODE_EXTRA_CA_CERTS: empty })).rejects.toThrow(`NODE_EXTRA_CA_CERTS names ${empty}, which holds no PEM certificate`);
    const broken = join(dir, 'broken.pem');
    await writeFile(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    await expect(loadTrust({ NODE_EXTRA_CA_CERTS: broken })).rejects.toThrow(`${broken}: certificate 1 cannot be read`);
  });
});
