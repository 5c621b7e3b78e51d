import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type ServerOptions } from 'node:https';
import type { RequestListener } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A certificate authority made at test time, and https servers on 127.0.0.1 with certificates
 * it issues, so scans are tested over HTTPS as real sites are served. Made with the openssl
 * command line (argument arrays, never a shell string), which the self-signed fixture already
 * uses: no library to add, and the certificates are what any TLS server would be given.
 */

const execFileAsync = promisify(execFile);
const CURVE = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const VALID_DAYS = '2';

export interface Credentials {
  readonly key: string;
  /** The leaf, then the CA: Chromium honours a trusted SPKI only in the chain a server sends. */
  readonly chain: string;
  readonly leaf: string;
}

export interface TestCa {
  readonly name: string;
  /** The CA certificate's PEM file, for NODE_EXTRA_CA_CERTS. */
  readonly file: string;
  readonly pem: string;
  /** A server certificate for these subject alternative names, e.g. ['IP:127.0.0.1', 'DNS:localhost']. */
  issue(altNames: readonly string[]): Promise<Credentials>;
}

export async function createTestCa(dir: string, name = 'TechScan Test CA'): Promise<TestCa> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const key = join(dir, `${slug}.key`);
  const file = join(dir, `${slug}.pem`);
  await openssl([
    'req',
    '-x509',
    '-new',
    ...CURVE,
    '-keyout',
    key,
    '-out',
    file,
    '-days',
    VALID_DAYS,
    '-subj',
    `/CN=${name}/O=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const pem = await readFile(file, 'utf8');
  let issued = 0;
  return {
    name,
    file,
    pem,
    async issue(altNames) {
      issued += 1;
      const base = join(dir, `${slug}-leaf-${issued}`);
      await openssl([
        'req',
        '-new',
        ...CURVE,
        '-keyout',
        `${base}.key`,
        '-out',
        `${base}.csr`,
        '-subj',
        '/CN=TechScan fixture',
        '-addext',
        `subjectAltName=${altNames.join(',')}`,
        '-addext',
        'basicConstraints=critical,CA:FALSE',
        '-addext',
        'extendedKeyUsage=serverAuth',
      ]);
      await openssl([
        'x509',
        '-req',
        '-in',
        `${base}.csr`,
        '-CA',
        file,
        '-CAkey',
        key,
        '-set_serial',
        `0x${randomBytes(8).toString('hex')}`,
        '-days',
        VALID_DAYS,
        '-copy_extensions',
        'copyall',
        '-out',
        `${base}.pem`,
      ]);
      const leaf = await readFile(`${base}.pem`, 'utf8');
      return { key: await readFile(`${base}.key`, 'utf8'), leaf, chain: `${leaf.trim()}\n${pem}` };
    },
  };
}

async function openssl(args: readonly string[]): Promise<void> {
  await execFileAsync('openssl', [...args]);
}

export interface TlsServer {
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

/** An https server on 127.0.0.1 at a free port; close() also ends open connections. */
export async function startTlsServer(listener: RequestListener, credentials: Credentials): Promise<TlsServer> {
  const options: ServerOptions = { key: credentials.key, cert: credentials.chain };
  const server = createServer(options, listener);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the https fixture is not listening on a TCP port');
  return {
    origin: `https://127.0.0.1:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes several CAs into one PEM file, as NODE_EXTRA_CA_CERTS may name. */
export async function writeBundle(path: string, cas: readonly TestCa[]): Promise<string> {
  await writeFile(path, cas.map((ca) => ca.pem).join(''));
  return path;
}
