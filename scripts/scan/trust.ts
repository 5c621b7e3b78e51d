import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { EnvironmentError } from '../errors.ts';

/**
 * Extra certificate authorities a scan trusts, from the PEM file named by `NODE_EXTRA_CA_CERTS`
 * (Node's own convention), for both of the scan's clients:
 *
 * - Node's HTTP client gets them beside Node's bundled roots, in one TLS context made once
 *   (building it from some 150 roots per request would cost each https request a tenth of a
 *   second). Node reads the variable itself only when the process starts, so a scanner passes
 *   them explicitly.
 * - Chromium gets `--ignore-certificate-errors-spki-list` with the SHA-256 of each CA's public
 *   key. Chromium compares that list with the certificates the server presents (the leaf and
 *   the intermediates it sends; never the root it would have to find itself), and on a match
 *   it skips every check of that connection: issuer, expiry and host name alike. So a server
 *   must send the CA certificate in its chain for Chromium to accept it, and a scan that
 *   trusts extra CAs verifies the page's certificate again with Node (see `verifiesCertificates`).
 */

export interface Trust {
  /** The PEM file the CAs came from; null when there are none. */
  readonly file: string | null;
  /** Node TLS options: a context with Node's roots and the extra CAs; empty without extra CAs (Node's defaults). */
  readonly tlsOptions: { readonly secureContext?: SecureContext };
  readonly chromiumArgs: readonly string[];
  /** The extra CA certificates as PEM, for a thread that builds its own TLS context (samples). */
  readonly certificates: readonly string[];
}

export const DEFAULT_TRUST: Trust = { file: null, tlsOptions: {}, chromiumArgs: [], certificates: [] };

/** Node TLS options for extra CAs given as PEM (none: Node's defaults). */
export function tlsOptionsFor(certificates: readonly string[]): Trust['tlsOptions'] {
  return certificates.length === 0 ? {} : { secureContext: createSecureContext({ ca: [...rootCertificates, ...certificates] }) };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The trust named by the environment; a file that cannot be read or holds no certificate is an error. */
export async function loadTrust(env: Readonly<Record<string, string | undefined>>): Promise<Trust> {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return DEFAULT_TRUST;
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw new EnvironmentError(`NODE_EXTRA_CA_CERTS names ${file}, which cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return trustFromPem(pem, file);
}

export function trustFromPem(pem: string, file: string): Trust {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new EnvironmentError(`NODE_EXTRA_CA_CERTS names ${file}, which holds no PEM certificate`);
  const certificates = blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new EnvironmentError(`${file}: certificate ${index + 1} cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
  });
  return {
    file,
    tlsOptions: tlsOptionsFor(blocks),
    chromiumArgs: [`--ignore-certificate-errors-spki-list=${certificates.map(spkiHash).join(',')}`],
    certificates: blocks,
  };
}

/** Base64 SHA-256 of a certificate's SubjectPublicKeyInfo, the form Chromium's list takes. */
export function spkiHash(certificate: X509Certificate): string {
  return createHash('sha256')
    .update(certificate.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

/**
 * Whether Chromium's acceptance of a certificate needs checking again: only when extra CAs
 * are trusted, since only then may Chromium have skipped its own checks.
 */
export function verifiesCertificates(trust: Trust): boolean {
  return trust.file !== null;
}
