import { Deadline } from './deadline.ts';
import type { NetworkAccess } from './guard/resolver.ts';
import { fetchDocument } from './http-fetch.ts';
import { LIMITS } from './limits.ts';
import { isHtmlResponse } from './observed.ts';

/**
 * The `robots` signal: the site's /robots.txt, fetched beside the page through the scan's own
 * HTTP client (so it goes wherever the page may go, and nowhere else), bounded in time and
 * size. A missing, failed or HTML "robots.txt" (a soft 404 page) is no signal, never an error.
 */

export interface RobotsResponse {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

/** The file's text when the response is a robots file, else null. Pure. */
export function robotsText(response: RobotsResponse): string | null {
  if (response.status !== 200 || response.body.trim() === '') return null;
  if (isHtmlResponse(response.contentType, response.body)) return null;
  return response.body;
}

export async function fetchRobots(pageUrl: string, options: { readonly deadline: Deadline; readonly network: NetworkAccess }): Promise<string | null> {
  const target = new URL('/robots.txt', pageUrl).href;
  const deadline = new Deadline(Math.min(LIMITS.robotsTimeoutMs, options.deadline.remainingMs()), options.deadline.signal);
  try {
    const fetched = await fetchDocument(target, { deadline, network: options.network, maxBodyBytes: LIMITS.maxRobotsBytes });
    return robotsText(fetched);
  } catch {
    // The scan's own deadline still ends the scan; anything else only loses the signal.
    options.deadline.check();
    return null;
  } finally {
    deadline.dispose();
  }
}
