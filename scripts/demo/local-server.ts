import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { UsageError } from '../errors.ts';

/**
 * An HTTP server on 127.0.0.1 only. close() also ends the open connections, so a browser's
 * keep-alive or a never-ending response can never keep the process (or a test) alive.
 */

export const LOOPBACK = '127.0.0.1';

export interface LocalServer {
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Port 0 picks a free port. */
export async function startLocalServer(listener: RequestListener, port = 0): Promise<LocalServer> {
  const server = createServer(listener);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, port);
  const bound = portOf(server);
  return {
    origin: `http://${LOOPBACK}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new UsageError(`port ${port} on ${LOOPBACK} is in use: pick another one`));
      else if (error.code === 'EACCES') reject(new UsageError(`port ${port} on ${LOOPBACK} needs privileges: pick one above 1023`));
      else reject(error);
    };
    server.once('error', failed);
    server.listen(port, LOOPBACK, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

export function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server is not listening on a TCP port');
  return address.port;
}
