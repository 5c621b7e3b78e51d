import type { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { Deadline } from './deadline.ts';
import { threadNetwork, type NetworkAccess } from './guard/resolver.ts';
import { startThread } from './threads.ts';

/**
 * More loads of the document within one scan, over plain HTTP: each gives one more time to
 * first byte (a scan's TTFB is the median of its samples, not one draw of the network), and
 * the page as another visitor gets it, so what differs between loads seconds apart is known to
 * be volatile before it can read as a change. The samples are taken on a thread of their own
 * (./samples-thread.ts): the scan's thread is busy with other pages, and a reading it took
 * would say as much about that as about the site. A sample that fails is only missing: it
 * never fails the scan, and it never takes longer than its share of the scan's time.
 */

/** HTTP loads per scan beside the page's own load. */
export const EXTRA_SAMPLES = 3;
/** The longest one sample may take; a slow site still leaves the scan time to finish. */
const SAMPLE_TIMEOUT_MS = 10_000;
/** Bodies beyond this are timed but not compared (the document's own cap still applies to the page). */
const SAMPLE_MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface DocumentSample {
  /** Null when the sampler was too busy to time it (the HTML still counts). */
  readonly ttfbMs: number | null;
  /** The HTML when it was a successful HTML answer, else null (timed only). */
  readonly html: string | null;
}

const answer = z.object({
  id: z.number().int(),
  samples: z.array(z.object({ ttfbMs: z.number().nullable(), html: z.string().nullable() })),
});

/** One sampling thread for a scanner, started on the first sample and stopped by `close`. */
export class DocumentSampler {
  #worker: Worker | null = null;
  #ready: Promise<void> | null = null;
  #next = 0;
  readonly #waiting = new Map<number, (samples: DocumentSample[]) => void>();

  constructor(
    private readonly network: NetworkAccess,
    /** Extra CA certificates (PEM) the samples trust, as the scan does. */
    private readonly certificates: readonly string[] = [],
  ) {}

  /** Starts the thread, so it loads while the scanner does other work. */
  warm(): void {
    this.#thread();
  }

  /**
   * Waits until the thread has loaded, so its start-up is not part of the first sample's time.
   * A thread that cannot start only means no samples (see `#thread`).
   */
  async ready(): Promise<void> {
    this.#thread();
    await this.#ready?.catch(() => undefined);
  }

  async sample(url: string, { deadline, count = EXTRA_SAMPLES }: { readonly deadline: Deadline; readonly count?: number }): Promise<DocumentSample[]> {
    const timeoutMs = Math.floor(Math.min(SAMPLE_TIMEOUT_MS, deadline.remainingMs()));
    if (timeoutMs <= 0) return [];
    const id = (this.#next += 1);
    const taken = new Promise<DocumentSample[]>((resolve) => this.#waiting.set(id, resolve));
    const network = threadNetwork(this.network);
    this.#thread().postMessage({ id, url, count, timeoutMs, maxBodyBytes: SAMPLE_MAX_BODY_BYTES, network, certificates: [...this.certificates] });
    try {
      return await deadline.race(taken);
    } finally {
      this.#waiting.delete(id);
    }
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    for (const resolve of this.#waiting.values()) resolve([]);
    this.#waiting.clear();
    if (worker) await worker.terminate();
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const { worker, ready } = startThread(new URL('./samples-thread.ts', import.meta.url));
    this.#ready = ready;
    worker.on('message', (message: unknown) => {
      const parsed = answer.safeParse(message);
      if (parsed.success) this.#waiting.get(parsed.data.id)?.(parsed.data.samples);
    });
    worker.on('error', () => {
      // A broken sampler only means no samples: every waiting scan goes on without them.
      for (const resolve of this.#waiting.values()) resolve([]);
      if (this.#worker === worker) this.#worker = null;
    });
    this.#worker = worker;
    return worker;
  }
}
