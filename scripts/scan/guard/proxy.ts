import { connect, createServer, type Server, type Socket } from 'node:net';
import { connectionFailure, type ScanFailure } from '../failure.ts';
import { literalAddress } from './addresses.ts';
import { pinnedLookup, PrivateNetworkRefusal, resolveChecked, type NetworkAccess } from './resolver.ts';

/**
 * The browser's only way out: a SOCKS5 proxy on 127.0.0.1, one per page visit, run on the
 * proxies' own thread (./proxies.ts).
 * Chromium hands it the host name of every connection (documents, redirects, subresources,
 * workers, WebSockets, beacons; http and https alike), and the proxy resolves it through the
 * guarded resolver, refuses before connecting when the guard says no, and otherwise connects
 * to exactly the checked address. It tunnels bytes and never parses HTTP, so what the browser
 * sees is what the site sent. SOCKS5 rather than an HTTP proxy for that reason: plain-http
 * requests through an HTTP proxy are re-parsed and answered by the proxy itself on failure.
 */

const SOCKS_VERSION = 5;
const NO_AUTHENTICATION = 0;
const NO_ACCEPTABLE_METHOD = 0xff;
const COMMAND_CONNECT = 1;
const ADDRESS_IPV4 = 1;
const ADDRESS_DOMAIN = 3;
const ADDRESS_IPV6 = 4;
/** RFC 1928 reply codes. */
const REPLY = { succeeded: 0, generalFailure: 1, notAllowed: 2, hostUnreachable: 4, connectionRefused: 5, commandNotSupported: 7 } as const;
/** A greeting and a request fit in far less; anything longer is not a SOCKS client. */
const MAX_HANDSHAKE_BYTES = 1024;
const HANDSHAKE_TIMEOUT_MS = 10_000;

export class GuardProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #failures = new Map<string, ScanFailure>();
  readonly #connected = new Map<string, string>();
  #refused = 0;

  private constructor(
    server: Server,
    readonly url: string,
  ) {
    this.#server = server;
  }

  /** Starts a proxy on an ephemeral loopback port; `url` is what the browser context is given. */
  static async start(network: NetworkAccess): Promise<GuardProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the guard proxy is not listening on a TCP port');
    const proxy = new GuardProxy(server, `socks5://127.0.0.1:${address.port}`);
    server.on('connection', (socket) => proxy.#accept(socket, network));
    return proxy;
  }

  /** Connections the private-network guard refused. */
  get refused(): number {
    return this.#refused;
  }

  /** Why the last connection to this URL's host and port failed, as the scan reports it; undefined when none did. */
  failureFor(url: string): ScanFailure | undefined {
    const key = keyOfUrl(url);
    return key === null ? undefined : this.#failures.get(key);
  }

  /** The address the connection to this URL's host and port went to (for the scan's infrastructure). */
  addressOf(url: string): string | undefined {
    const key = keyOfUrl(url);
    return key === null ? undefined : this.#connected.get(key);
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  #accept(client: Socket, network: NetworkAccess): void {
    this.#track(client);
    client.setTimeout(HANDSHAKE_TIMEOUT_MS, () => client.destroy());
    let buffered = Buffer.alloc(0);
    let greeted = false;
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length > MAX_HANDSHAKE_BYTES) return void client.destroy();
      if (!greeted) {
        const greeting = parseGreeting(buffered);
        if (greeting === null) return;
        buffered = buffered.subarray(greeting.length);
        greeted = true;
        if (!greeting.methods.includes(NO_AUTHENTICATION)) {
          client.end(Buffer.from([SOCKS_VERSION, NO_ACCEPTABLE_METHOD]));
          return;
        }
        client.write(Buffer.from([SOCKS_VERSION, NO_AUTHENTICATION]));
      }
      const request = parseRequest(buffered);
      if (request === null) return;
      client.off('data', onData);
      client.pause();
      client.setTimeout(0);
      const rest = buffered.subarray(request.length);
      if (request.command !== COMMAND_CONNECT || request.host === null) {
        client.end(reply(REPLY.commandNotSupported));
        return;
      }
      void this.#open(client, request.host, request.port, rest, network);
    };
    client.on('data', onData);
  }

  async #open(client: Socket, host: string, port: number, rest: Buffer, network: NetworkAccess): Promise<void> {
    const key = keyOf(host, port);
    let addresses;
    try {
      addresses = await resolveChecked(host, network);
    } catch (error) {
      if (error instanceof PrivateNetworkRefusal) this.#refused += 1;
      this.#failures.set(key, connectionFailure(error, `${host}:${port}`));
      client.end(reply(error instanceof PrivateNetworkRefusal ? REPLY.notAllowed : REPLY.hostUnreachable));
      return;
    }
    if (client.destroyed) return;
    const first = addresses[0]?.address ?? host;
    const upstream = connect({ host: addresses.length === 1 ? first : host, port, lookup: pinnedLookup(addresses) });
    this.#track(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.#failures.delete(key);
      this.#connected.set(key, upstream.remoteAddress ?? first);
      client.write(reply(REPLY.succeeded));
      if (rest.length > 0) upstream.write(rest);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.once('error', (error) => {
      if (!connected) {
        this.#failures.set(key, connectionFailure(error, `${host}:${port}`));
        if (client.writable) client.end(reply(isRefused(error) ? REPLY.connectionRefused : REPLY.generalFailure));
      }
      client.destroy();
    });
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }
}

function isRefused(error: unknown): boolean {
  return error instanceof Error && Reflect.get(error, 'code') === 'ECONNREFUSED';
}

function reply(code: number): Buffer {
  return Buffer.from([SOCKS_VERSION, code, 0, ADDRESS_IPV4, 0, 0, 0, 0, 0, 0]);
}

function parseGreeting(data: Buffer): { methods: number[]; length: number } | null {
  if (data.length < 2) return null;
  const count = data[1] ?? 0;
  if (data.length < 2 + count) return null;
  return { methods: [...data.subarray(2, 2 + count)], length: 2 + count };
}

interface SocksRequest {
  readonly command: number;
  /** Null for an address type this proxy does not know. */
  readonly host: string | null;
  readonly port: number;
  readonly length: number;
}

function parseRequest(data: Buffer): SocksRequest | null {
  if (data.length < 5) return null;
  const command = data[1] ?? 0;
  const type = data[3];
  const [start, size] = type === ADDRESS_IPV4 ? [4, 4] : type === ADDRESS_IPV6 ? [4, 16] : type === ADDRESS_DOMAIN ? [5, data[4] ?? 0] : [4, 0];
  const length = start + size + 2;
  if (data.length < length) return null;
  const address = data.subarray(start, start + size);
  const port = data.readUInt16BE(start + size);
  const host =
    type === ADDRESS_IPV4
      ? [...address].join('.')
      : type === ADDRESS_IPV6
        ? Array.from({ length: 8 }, (_, index) => address.readUInt16BE(index * 2).toString(16)).join(':')
        : type === ADDRESS_DOMAIN
          ? address.toString('latin1')
          : null;
  return { command, host, port, length };
}

/** `host:port` of a URL as the proxy sees it: lowercase, no IPv6 brackets, the scheme's default port filled in. */
function keyOfUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const port = parsed.port || (parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? '443' : '80');
  return keyOf(parsed.hostname, Number(port));
}

function keyOf(host: string, port: number): string {
  return `${literalAddress(host) ?? host.toLowerCase()}:${port}`;
}
