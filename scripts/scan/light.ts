import { fetchDocument, type FetchOptions } from './http-fetch.ts';
import type { ObservedPage } from './observed.ts';

/** A light visit: the document over plain HTTP(S), no browser. TTFB and total time only. */
export async function observeLight(url: string, options: Pick<FetchOptions, 'deadline' | 'network' | 'tls'>): Promise<ObservedPage> {
  const fetched = await fetchDocument(url, options);
  return {
    url,
    finalUrl: fetched.finalUrl,
    status: fetched.status,
    headers: fetched.headers,
    headerLines: fetched.headerLines,
    cookieLines: fetched.cookieLines,
    contentType: fetched.contentType,
    redirects: fetched.redirects,
    ip: fetched.ip,
    httpVersion: fetched.httpVersion,
    tls: fetched.tls,
    html: fetched.body,
    sourceHtml: fetched.body,
    performance: {
      ttfbMs: fetched.ttfbMs,
      fcpMs: null,
      lcpMs: null,
      cls: null,
      domContentLoadedMs: null,
      // At light depth "load" is the whole document received: no subresources are fetched.
      loadMs: fetched.totalMs,
      transferBytes: fetched.transferBytes,
      requests: 1,
      byType: { document: { requests: 1, bytes: fetched.transferBytes } },
    },
    browser: null,
  };
}
