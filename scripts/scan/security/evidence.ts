import { readPageSource, type PageSource } from './page-source.ts';
import { firstHeader, mergeHeaderLines, type HeaderLine, type MergedHeaders } from './wire.ts';

/**
 * What one scan gives the Observatory's tests, and how it maps onto what the Observatory
 * itself retrieves (src/retriever/retriever.js):
 *
 * - its `auto` response is our document: the final response of the chain from the scanned URL;
 * - its session URL is https when the page was reached over https (the scanned URL or the
 *   final one is https): the CSP test's insecure-scheme checks and the SRI test's relative
 *   scripts read that;
 * - its `https` response (the HSTS test) is the document when the page was reached over https;
 * - its cookie jar is filled from the Set-Cookie lines of the chain's responses, from the
 *   first https response on when the page ends on https (the Observatory's https session
 *   never sees the http:// hops);
 * - its `httpRedirects` are the route from http://: the page's own when the scanned URL is
 *   http://, else a separate probe of http://;
 * - its `cors` response is the answer to an OPTIONS preflight of the final URL.
 */

export interface Hop {
  readonly url: string;
  readonly status: number;
}

export interface HttpRoute {
  /** From the http:// URL to the last response, each hop. */
  readonly hops: readonly Hop[];
  /** False when a hop's certificate did not verify (the Observatory's `verified`). */
  readonly verified: boolean;
}

export interface CookieLine {
  /** The URL of the response that sent it. */
  readonly url: string;
  readonly line: string;
}

export interface ObservatoryInput {
  /** The host the scan was asked for (the Observatory's site). */
  readonly siteHost: string;
  readonly https: boolean;
  /** The document's header lines as sent, duplicates kept. */
  readonly headers: readonly HeaderLine[];
  /** The document as the server sent it. */
  readonly body: string;
  readonly cookies: readonly CookieLine[];
  /** Null: nothing answers on http://. */
  readonly httpRoute: HttpRoute | null;
  /** The preflight's header lines; null when it got no answer. */
  readonly preflight: readonly HeaderLine[] | null;
}

/** The Observatory's HTML_TYPES, compared as it compares them: case-sensitive, untrimmed. */
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** The input, read once for every test. */
export interface Evidence {
  readonly siteHost: string;
  readonly https: boolean;
  readonly headers: MergedHeaders;
  /** The media type before any ";" of the first Content-Type; null without one. */
  readonly mime: string | null;
  /** Page source; the meta policies only when Content-Type says HTML, as the Observatory reads them. */
  readonly source: PageSource;
  readonly cookies: readonly CookieLine[];
  readonly httpRoute: HttpRoute | null;
  readonly preflight: MergedHeaders | null;
}

export function evidenceOf(input: ObservatoryInput): Evidence {
  const headers = mergeHeaderLines(input.headers);
  const contentType = firstHeader(headers, 'content-type');
  const mime = contentType === null ? null : (contentType.split(';', 1)[0] ?? '');
  const source = readPageSource(input.body);
  const metaRead = mime !== null && HTML_TYPES.has(mime);
  return {
    siteHost: input.siteHost,
    https: input.https,
    headers,
    mime,
    source: metaRead ? source : { ...source, cspMeta: [], referrerMeta: null },
    cookies: input.cookies,
    httpRoute: input.httpRoute,
    preflight: input.preflight === null ? null : mergeHeaderLines(input.preflight),
  };
}

/** The SRI test's own reading: a page is HTML unless its Content-Type names something else. */
export function isHtmlForSri(evidence: Evidence): boolean {
  return !evidence.mime || HTML_TYPES.has(evidence.mime);
}
