import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { Deadline } from './deadline.ts';
import { fetchDocument } from './http-fetch.ts';
import { threadNetworkSchema } from './guard/resolver.ts';
import { isHtmlResponse } from './observed.ts';
import { tlsOptionsFor, type Trust } from './trust.ts';

/**
 * The sampler's own thread: it takes the HTTP samples the main thread asks for, on an event
 * loop nothing else uses, so a sample's time to first byte is when the byte came, not when a
 * busy thread got round to it. Answers `{ id, samples }` for each `{ id, url, count, … }`.
 */

export const sampleJob = z.object({
  id: z.number().int(),
  url: z.string(),
  count: z.number().int().min(1).max(10),
  timeoutMs: z.number().int().min(1),
  maxBodyBytes: z.number().int().min(1),
  network: threadNetworkSchema,
  /** Extra CA certificates (PEM) to trust, as the scan does. */
  certificates: z.array(z.string()),
});

const LAG_PROBE_MS = 5;

/** One TLS context per set of extra CAs, built once. */
const contexts = new Map<string, Trust['tlsOptions']>();
function trusted(certificates: readonly string[]): Trust['tlsOptions'] {
  const key = certificates.join('\n');
  const known = contexts.get(key);
  if (known) return known;
  const options = tlsOptionsFor(certificates);
  contexts.set(key, options);
  return options;
}
/** A sample this thread read later than this (or a quarter of its time) is not a measurement. */
const MAX_LAG_MS = 25;
const LAG_SHARE = 0.25;
/**
 * Loads one sample may take when this thread was too busy to time the ones before: a busy
 * machine otherwise left a scan with one sample or none, and a first scan with too few to be
 * a reference, so a slowdown right after it was learned as the site's level.
 */
const TIMING_ATTEMPTS = 3;

parentPort?.on('message', (message: unknown) => {
  const job = sampleJob.parse(message);
  void Promise.all(Array.from({ length: job.count }, () => sampleTimed(job))).then((samples) =>
    parentPort?.postMessage({ id: job.id, samples: samples.filter((sample) => sample !== null) }),
  );
});

/** One sample, loaded again while it could not be timed (its HTML is the first load's), all within the sample's time. */
async function sampleTimed(job: z.infer<typeof sampleJob>): Promise<{ ttfbMs: number | null; html: string | null } | null> {
  const deadline = new Deadline(job.timeoutMs);
  try {
    const first = await sampleOnce(job, deadline);
    if (first === null) return null;
    let ttfbMs = first.ttfbMs;
    for (let attempt = 1; ttfbMs === null && attempt < TIMING_ATTEMPTS && deadline.remainingMs() > 0; attempt += 1) {
      ttfbMs = (await sampleOnce(job, deadline))?.ttfbMs ?? null;
    }
    return { ttfbMs, html: first.html };
  } finally {
    deadline.dispose();
  }
}

async function sampleOnce(job: z.infer<typeof sampleJob>, deadline: Deadline): Promise<{ ttfbMs: number | null; html: string | null } | null> {
  let lagMs = 0;
  let expected = performance.now() + LAG_PROBE_MS;
  const probe = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - expected);
    expected = now + LAG_PROBE_MS;
  }, LAG_PROBE_MS);
  try {
    const fetched = await fetchDocument(job.url, { deadline, network: job.network, maxBodyBytes: job.maxBodyBytes, tls: trusted(job.certificates) });
    const timed = lagMs <= Math.max(MAX_LAG_MS, LAG_SHARE * fetched.ttfbMs);
    const html = fetched.status < 400 && isHtmlResponse(fetched.contentType, fetched.body) ? fetched.body : null;
    return { ttfbMs: timed ? fetched.ttfbMs : null, html };
  } catch {
    // A sample that fails is only missing.
    return null;
  } finally {
    clearInterval(probe);
  }
}
