import type { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { scanErrorKind } from '../../schema/scan.ts';
import { ScanFailure } from '../failure.ts';
import { startThread, THREAD_READY } from '../threads.ts';
import type { ProxyRequest } from './proxy-thread.ts';
import { threadNetwork, type NetworkAccess } from './resolver.ts';

/**
 * The scanner's guard proxies (./proxy.ts), run on a thread of their own (./proxy-thread.ts)
 * so the browser's traffic never waits for the scan's thread: one proxy per page visit, each
 * asked afterwards what it refused, why a connection failed and where one went.
 */

/** One visit's proxy, as the visit sees it. */
export interface BrowserProxy {
  /** What the browser context is given. */
  readonly url: string;
  /** Connections the private-network guard refused. */
  refused(): Promise<number>;
  /** Why the last connection to this URL's host and port failed, as the scan reports it. */
  failureFor(url: string): Promise<ScanFailure | undefined>;
  /** The address the connection to this URL's host and port went to. */
  addressOf(url: string): Promise<string | undefined>;
  close(): Promise<void>;
}

const answer = z.discriminatedUnion('ok', [
  z.object({ id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), message: z.string() }),
]);
const started = z.object({ proxy: z.number().int(), url: z.string() });
const failure = z.object({ kind: scanErrorKind, message: z.string() }).nullable();
type Request = ProxyRequest extends infer Each ? (Each extends ProxyRequest ? Omit<Each, 'id'> : never) : never;

export class GuardProxies {
  #worker: Worker | null = null;
  #ready: Promise<void> | null = null;
  #next = 0;
  readonly #waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  /** Starts the thread, so it loads while the scanner does other work. */
  warm(): void {
    this.#thread();
  }

  /** Waits until the thread has loaded, so its start-up is not part of the first visit's paint times. */
  ready(): Promise<void> {
    this.#thread();
    return this.#ready ?? Promise.resolve();
  }

  async start(network: NetworkAccess): Promise<BrowserProxy> {
    const { proxy, url } = started.parse(await this.#ask({ op: 'start', network: threadNetwork(network) }));
    const thread = this.#worker;
    return {
      url,
      refused: async () => z.number().parse(await this.#ask({ op: 'refused', proxy })),
      failureFor: async (of) => {
        const found = failure.parse(await this.#ask({ op: 'failure', proxy, url: of }));
        return found ? new ScanFailure(found.kind, found.message) : undefined;
      },
      addressOf: async (of) =>
        z
          .string()
          .nullable()
          .parse(await this.#ask({ op: 'address', proxy, url: of })) ?? undefined,
      close: async () => {
        // A thread that ended took its proxies with it.
        if (this.#worker === thread) await this.#ask({ op: 'close', proxy });
      },
    };
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    this.#fail(new Error('the guard proxies were closed'));
    if (worker) await worker.terminate();
  }

  #ask(request: Request): Promise<unknown> {
    const id = (this.#next += 1);
    const worker = this.#thread();
    // A question waiting for its answer keeps the process alive; an idle thread does not.
    worker.ref();
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  #fail(error: Error): void {
    for (const waiting of this.#waiting.values()) waiting.reject(error);
    this.#waiting.clear();
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const { worker, ready } = startThread(new URL('./proxy-thread.ts', import.meta.url));
    this.#ready = ready;
    worker.on('message', (message: unknown) => {
      if (message === THREAD_READY) return;
      const parsed = answer.parse(message);
      const waiting = this.#waiting.get(parsed.id);
      this.#waiting.delete(parsed.id);
      if (this.#waiting.size === 0) worker.unref();
      if (parsed.ok) waiting?.resolve(parsed.value);
      else waiting?.reject(new Error(`guard proxy: ${parsed.message}`));
    });
    const ended = (reason: string) => {
      // The visits in flight lose their proxy: each fails as a browser problem, the next starts a new thread.
      if (this.#worker === worker) this.#worker = null;
      this.#fail(new ScanFailure('browser', `the guard proxy thread ${reason}`));
    };
    worker.on('error', (error) => ended(`failed: ${error.message}`));
    worker.on('exit', (code) => ended(`exited with code ${code}`));
    this.#worker = worker;
    return worker;
  }
}
