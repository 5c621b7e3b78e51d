import { Deadline } from './deadline.ts';
import type { NetworkAccess } from './guard/resolver.ts';
import { fetchDocument, type FetchedDocument } from './http-fetch.ts';
import { isHtmlResponse } from './observed.ts';

/**
 * More loads of the document within one scan, over plain HTTP: each gives one more time to
 * first byte (a scan's TTFB is the median of its samples, not one draw of the network), and
 * the page as another visitor gets it, so what differs between loads seconds apart is known
 * to be volatile before it can read as a change. A sample that fails is only missing: it never
 * fails the scan, and it never takes longer than its share of the scan's time.
 */

/** HTTP loads per scan beside the page's own load. */
export const EXTRA_SAMPLES = 3;
/** The longest one sample may take; a slow site still leaves the scan time to finish. */
const SAMPLE_TIMEOUT_MS = 10_000;
/** Bodies beyond this are timed but not compared (the document's own cap still applies to the page). */
const SAMPLE_MAX_BODY_BYTES = 2 * 1024 * 1024;
/**
 * A time to first byte is our process's reading of when the first byte came: while the process
 * was busy elsewhere (five scans share it) that reading is late. How late our own timers ran
 * during a sample says so; a sample read later than this (or a quarter of its time) is dropped.
 */
const MAX_LAG_MS = 25;
const LAG_SHARE = 0.25;
const LAG_PROBE_MS = 5;

export interface DocumentSample {
  /** Null when the process was too busy to time it (the HTML still counts). */
  readonly ttfbMs: number | null;
  /** The HTML when it was a successful HTML answer, else null (timed only). */
  readonly html: string | null;
}

export async function sampleDocument(
  url: string,
  options: { readonly deadline: Deadline; readonly network: NetworkAccess; readonly count?: number },
): Promise<DocumentSample[]> {
  // Taken side by side: each on its own connection, as separate visitors would arrive.
  const taken = await Promise.all(Array.from({ length: options.count ?? EXTRA_SAMPLES }, () => sampleOnce(url, options)));
  options.deadline.check();
  return taken.filter((sample): sample is DocumentSample => sample !== null);
}

async function sampleOnce(url: string, options: { readonly deadline: Deadline; readonly network: NetworkAccess }): Promise<DocumentSample | null> {
  const budget = Math.min(SAMPLE_TIMEOUT_MS, options.deadline.remainingMs());
  if (budget <= 0) return null;
  const deadline = new Deadline(budget, options.deadline.signal);
  try {
    const { value: fetched, lagMs } = await measuringLag(fetchDocument(url, { deadline, network: options.network, maxBodyBytes: SAMPLE_MAX_BODY_BYTES }));
    const timed = lagMs <= Math.max(MAX_LAG_MS, LAG_SHARE * fetched.ttfbMs);
    return sampleOf(fetched, timed);
  } catch {
    // The scan's own deadline decides whether the scan goes on; one failed sample does not.
    return null;
  } finally {
    deadline.dispose();
  }
}

function sampleOf(fetched: FetchedDocument, timed: boolean): DocumentSample {
  const usable = fetched.status < 400 && isHtmlResponse(fetched.contentType, fetched.body);
  return { ttfbMs: timed ? fetched.ttfbMs : null, html: usable ? fetched.body : null };
}

/** How late our own timers ran while `work` was in flight. */
async function measuringLag<T>(work: Promise<T>): Promise<{ value: T; lagMs: number }> {
  let lagMs = 0;
  let expected = performance.now() + LAG_PROBE_MS;
  const probe = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - expected);
    expected = now + LAG_PROBE_MS;
  }, LAG_PROBE_MS);
  try {
    return { value: await work, lagMs };
  } finally {
    clearInterval(probe);
  }
}
