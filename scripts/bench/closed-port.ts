import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { portOf } from '../demo/local-server.ts';

/**
 * A port on 127.0.0.1 that nothing listens on, for a refused connection. Taken below the
 * kernel's ephemeral range when it can be: a port from that range may later be handed to an
 * outgoing socket of the same machine, and a connection to it then lands on itself (TCP's
 * simultaneous open) — a run of 300 monitors saw one "refused" monitor fail as a reset.
 */

const EPHEMERAL_RANGE = '/proc/sys/net/ipv4/ip_local_port_range';
/** Below the ephemeral range when the kernel does not say (Linux's default starts at 32768). */
const DEFAULT_EPHEMERAL_LOW = 32_768;
const LOWEST_UNPRIVILEGED = 1_024;
const ATTEMPTS = 50;

export async function closedPort(): Promise<number> {
  const low = await ephemeralLow();
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const candidate = low - 1 - Math.floor(Math.random() * (low - LOWEST_UNPRIVILEGED));
    const port = await freePort(candidate).catch(() => null);
    if (port !== null) return port;
  }
  return freePort(0);
}

/** Listens on `port` (0: any) and closes again; the port is free afterwards. */
async function freePort(port: number): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = portOf(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}

async function ephemeralLow(): Promise<number> {
  const text = await readFile(EPHEMERAL_RANGE, 'utf8').catch(() => '');
  const low = Number(text.trim().split(/\s+/)[0]);
  return Number.isInteger(low) && low > LOWEST_UNPRIVILEGED ? low : DEFAULT_EPHEMERAL_LOW;
}
