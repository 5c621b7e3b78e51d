import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type RequestListener } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Loopback listeners that count what reaches them, so a test can prove the guard refused a
 * connection before it was made: zero TCP connections, zero UDP datagrams.
 */

export interface CountingServer {
  readonly host: string;
  readonly port: number;
  /** TCP connections accepted so far (a refused connection never becomes one). */
  readonly connections: number;
  readonly requests: number;
  close(): Promise<void>;
}

export async function startCountingServer(
  host: string,
  listener: RequestListener = (_request, response) => response.end('<title>reached</title>'),
): Promise<CountingServer> {
  let connections = 0;
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    requests += 1;
    listener(request, response);
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (_request, socket) => {
    requests += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on a TCP port');
  return {
    host,
    port: address.port,
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface CountingUdp {
  readonly port: number;
  readonly datagrams: number;
  close(): Promise<void>;
}

export async function startCountingUdp(host: string): Promise<CountingUdp> {
  let datagrams = 0;
  const socket: UdpSocket = createSocket('udp4');
  socket.on('message', () => (datagrams += 1));
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  return {
    port: socket.address().port,
    get datagrams() {
      return datagrams;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
