import { Deadline } from './deadline.ts';
import { ScanFailure } from './failure.ts';
import { fetchDocument, type FetchOptions } from './http-fetch.ts';
import { LIMITS } from './limits.ts';
import type { HttpRoute } from './security/evidence.ts';
import type { HeaderLine } from './security/wire.ts';
import { PREFLIGHT_ORIGIN } from './security/tests/cross-origin-resource-sharing.ts';

/**
 * The two requests the Observatory makes beside the page itself, made with Node's client and
 * bounded like the page: what http:// does (the redirection test), and a CORS preflight of the
 * page (the cross-origin-resource-sharing test). Neither fails the scan on its own: a probe
 * that gets no answer is an answer the tests read.
 */

type ProbeOptions = Pick<FetchOptions, 'deadline' | 'network' | 'tls'>;

/**
 * What http:// does for an https page: the hops from http:// to the last response; null when
 * nothing answers on http:// (no redirection needed); not verified when a certificate on the
 * way does not verify (`redirection-invalid-cert`).
 */
export async function probeHttp(httpsUrl: string, options: ProbeOptions): Promise<HttpRoute | null> {
  const target = new URL(httpsUrl);
  target.protocol = 'http:';
  return withProbeDeadline(options, async (deadline) => {
    try {
      const fetched = await fetchDocument(target.href, { ...options, deadline, headersOnly: true });
      return { hops: [...fetched.redirects, { url: fetched.finalUrl, status: fetched.status }], verified: true };
    } catch (error) {
      options.deadline.check();
      // The first request is plain http://: a TLS failure comes from an https:// hop after it.
      if (error instanceof ScanFailure && error.kind === 'tls') return { hops: [], verified: false };
      return null;
    }
  });
}

export type PreflightOutcome =
  | { readonly answered: true; readonly headers: readonly HeaderLine[] }
  | { readonly answered: false; readonly failure: ScanFailure };

/**
 * The Observatory's CORS preflight (src/retriever/retriever.js): OPTIONS of the page, with
 * `Access-Control-Request-Method: GET` and its own Origin, redirects followed.
 */
export async function corsPreflight(url: string, options: ProbeOptions): Promise<PreflightOutcome> {
  return withProbeDeadline(options, async (deadline) => {
    try {
      const answer = await fetchDocument(url, {
        ...options,
        deadline,
        headersOnly: true,
        method: 'OPTIONS',
        requestHeaders: { origin: PREFLIGHT_ORIGIN, 'access-control-request-method': 'GET' },
      });
      return { answered: true, headers: answer.headerLines };
    } catch (error) {
      options.deadline.check();
      if (error instanceof ScanFailure) return { answered: false, failure: error };
      throw error;
    }
  });
}

async function withProbeDeadline<T>(options: ProbeOptions, probe: (deadline: Deadline) => Promise<T>): Promise<T> {
  const deadline = new Deadline(Math.min(LIMITS.httpProbeTimeoutMs, options.deadline.remainingMs()), options.deadline.signal);
  try {
    return await probe(deadline);
  } finally {
    deadline.dispose();
  }
}
