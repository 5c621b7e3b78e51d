import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import * as packet from 'dns-packet';

/**
 * A DNS server on 127.0.0.1 (UDP) that answers from a fixed zone, for tests of the `dns`
 * signal: a real resolver asks it real queries. Names not in the zone get NXDOMAIN; a name in
 * `silent` gets no answer at all (a resolver that times out).
 */

export type ZoneAnswer = packet.Answer;

export interface DnsServer {
  /** A resolver that asks only this server. */
  resolver(options?: { timeoutMs?: number }): Resolver;
  readonly queries: readonly string[];
  close(): Promise<void>;
}

const NXDOMAIN = 3;

export async function startDnsServer(zone: readonly ZoneAnswer[], { silent = [] as readonly string[] } = {}): Promise<DnsServer> {
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (message, remote) => {
    const query = packet.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    queries.push(`${question.type} ${question.name}`);
    if (silent.includes(question.name)) return;
    const answers = zone.filter((answer) => answer.name === question.name && answer.type === question.type);
    const known = zone.some((answer) => answer.name === question.name);
    const response = packet.encode({
      id: query.id,
      type: 'response',
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (known ? 0 : NXDOMAIN),
      questions: [question],
      answers,
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    resolver({ timeoutMs = 500 } = {}) {
      const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
      resolver.setServers([`127.0.0.1:${port}`]);
      return resolver;
    },
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
