import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { GuardProxy } from './proxy.ts';
import { threadNetworkSchema } from './resolver.ts';

/**
 * The guard proxies' own thread (started by ./proxies.ts): every byte the browser sends or
 * receives passes through here, on an event loop nothing else uses. On the scan's thread a
 * page's bytes waited whenever another scan parsed, matched or hashed a page, and those waits
 * were measured as the page's paint times. Answers `{ id, ok, value }` to each request.
 */

const id = z.number().int();
const proxy = z.number().int();
export const proxyRequest = z.discriminatedUnion('op', [
  z.object({ id, op: z.literal('start'), network: threadNetworkSchema }),
  z.object({ id, op: z.literal('failure'), proxy, url: z.string() }),
  z.object({ id, op: z.literal('address'), proxy, url: z.string() }),
  z.object({ id, op: z.literal('refused'), proxy }),
  z.object({ id, op: z.literal('close'), proxy }),
]);
export type ProxyRequest = z.infer<typeof proxyRequest>;

const proxies = new Map<number, GuardProxy>();
let next = 0;

async function answer(request: ProxyRequest): Promise<unknown> {
  if (request.op === 'start') {
    const started = await GuardProxy.start(request.network);
    next += 1;
    proxies.set(next, started);
    return { proxy: next, url: started.url };
  }
  const known = proxies.get(request.proxy);
  if (!known) throw new Error(`no guard proxy ${request.proxy}`);
  switch (request.op) {
    case 'failure': {
      const failure = known.failureFor(request.url);
      return failure ? { kind: failure.kind, message: failure.message } : null;
    }
    case 'address':
      return known.addressOf(request.url) ?? null;
    case 'refused':
      return known.refused;
    case 'close':
      proxies.delete(request.proxy);
      await known.close();
      return null;
  }
}

parentPort?.on('message', (message: unknown) => {
  const request = proxyRequest.parse(message);
  answer(request).then(
    (value) => parentPort?.postMessage({ id: request.id, ok: true, value }),
    (error: unknown) => parentPort?.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
