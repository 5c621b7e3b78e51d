import { Deadline } from './deadline.ts';
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

export interface DocumentSample {
  readonly ttfbMs: number;
  /** The HTML when it was a successful HTML answer, else null (timed only). */
  readonly html: string | null;
}

export async function sampleDocument(
  url: string,
  options: { readonly deadline: Deadline; readonly offline: boolean; readonly count?: number },
): Promise<DocumentSample[]> {
  const samples: DocumentSample[] = [];
  for (let index = 0; index < (options.count ?? EXTRA_SAMPLES); index += 1) {
    const budget = Math.min(SAMPLE_TIMEOUT_MS, options.deadline.remainingMs());
    if (budget <= 0) break;
    const deadline = new Deadline(budget, options.deadline.signal);
    try {
      samples.push(sampleOf(await fetchDocument(url, { deadline, offline: options.offline, maxBodyBytes: SAMPLE_MAX_BODY_BYTES })));
    } catch {
      // The scan's own deadline decides whether the scan goes on; one failed sample does not.
      options.deadline.check();
    } finally {
      deadline.dispose();
    }
  }
  return samples;
}

function sampleOf(fetched: FetchedDocument): DocumentSample {
  const usable = fetched.status < 400 && isHtmlResponse(fetched.contentType, fetched.body);
  return { ttfbMs: fetched.ttfbMs, html: usable ? fetched.body : null };
}
