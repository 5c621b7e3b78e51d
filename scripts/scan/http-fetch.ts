import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { TLSSocket } from 'node:tls';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import type { Deadline } from './deadline.ts';
import type { Hop, ObservedResponse, TlsInfo } from './observed.ts';
import { connectionFailure, ScanFailure, shortMessage } from './failure.ts';
import type { CookieLine } from './security/evidence.ts';
import type { HeaderLine } from './security/wire.ts';
import type { Trust } from './trust.ts';
import { ACCEPT_HTML, ACCEPT_LANGUAGE, LIMITS, USER_AGENT } from './limits.ts';
import { GUARDED_NETWORK, pinnedLookup, resolveChecked, type NetworkAccess } from './guard/resolver.ts';

/**
 * The HTTP edge of the scan: one document fetched with Node's own client, following redirects
 * by hand so every hop is recorded, with the body capped and every byte bounded by the scan's
 * deadline. Light scans use it for the page; all scans use it for the security grade's probes
 * (observatory-probes.ts).
 */

/** The document as Node fetched it: what any scan observes, plus the body and its timings. */
export interface FetchedDocument extends ObservedResponse {
  readonly body: string;
  /** Bytes on the wire: headers and (compressed) body of the final response. */
  readonly transferBytes: number;
  readonly httpVersion: string;
  /** From the first request to the final response's headers (redirects included, as web-vitals counts TTFB). */
  readonly ttfbMs: number;
  readonly totalMs: number;
}

export interface FetchOptions {
  readonly deadline: Deadline;
  /** Offline mode and the private-network guard (on unless opted out); the guard by default. */
  readonly network?: NetworkAccess;
  readonly maxBodyBytes?: number;
  readonly maxRedirects?: number;
  /** Stop after the headers of the final response (the security grade's probes). */
  readonly headersOnly?: boolean;
  /** GET unless said otherwise (the CORS preflight is an OPTIONS request). */
  readonly method?: string;
  /** Sent on top of the usual request headers. */
  readonly requestHeaders?: Readonly<Record<string, string>>;
  /** Extra certificate authorities to trust (trust.ts). */
  readonly tls?: Trust['tlsOptions'];
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export async function fetchDocument(url: string, options: FetchOptions): Promise<FetchedDocument> {
  const started = performance.now();
  const maxRedirects = options.maxRedirects ?? LIMITS.maxRedirects;
  const redirects: Hop[] = [];
  const cookieLines: CookieLine[] = [];
  let current = url;
  for (;;) {
    options.deadline.check();
    const response = await options.deadline.race(open(current, options));
    const headerLines = linesOf(response.rawHeaders);
    for (const [name, value] of headerLines) if (name.toLowerCase() === 'set-cookie') cookieLines.push({ url: current, line: value });
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECT_STATUSES.has(status) && location) {
      response.destroy();
      redirects.push({ url: current, status });
      if (redirects.length > maxRedirects) {
        throw new ScanFailure('too_many_redirects', `more than ${maxRedirects} redirects, starting at ${url}`, status);
      }
      current = nextLocation(current, location);
      continue;
    }
    const ttfbMs = performance.now() - started;
    const socket = response.socket;
    const tls = socket instanceof TLSSocket ? tlsInfo(socket) : null;
    const headers = headerValues(response.headers);
    const body = options.headersOnly ? { text: '', bytes: 0 } : await readBody(response, options);
    if (options.headersOnly) response.destroy();
    return {
      url,
      finalUrl: current,
      status,
      headers,
      headerLines,
      cookieLines,
      contentType: response.headers['content-type'] ?? null,
      body: body.text,
      transferBytes: body.bytes + headerBytes(response),
      redirects,
      ip: socket.remoteAddress ?? null,
      httpVersion: `http/${response.httpVersion}`,
      tls,
      ttfbMs: Math.round(ttfbMs),
      totalMs: Math.round(performance.now() - started),
    };
  }
}

function nextLocation(from: string, location: string): string {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new ScanFailure('http_error', `${from} redirects to an invalid location "${location.slice(0, 200)}"`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new ScanFailure('not_html', `${from} redirects to a ${next.protocol} URL`);
  }
  return next.href;
}

/** Every connection, redirects included: resolve and check the host, then connect to exactly the checked addresses. */
async function open(url: string, options: FetchOptions): Promise<IncomingMessage> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const addresses = await resolveChecked(target.hostname, options.network ?? GUARDED_NETWORK).catch((error: unknown) => {
    throw failureOf(error, url, options.deadline);
  });
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: options.method ?? 'GET',
        headers: {
          'user-agent': USER_AGENT,
          accept: ACCEPT_HTML,
          'accept-language': ACCEPT_LANGUAGE,
          'accept-encoding': 'gzip, deflate, br',
          ...options.requestHeaders,
        },
        agent: false,
        ...options.tls,
        signal: options.deadline.signal,
        lookup: pinnedLookup(addresses),
      },
      resolve,
    );
    request.on('error', (error) => reject(failureOf(error, url, options.deadline)));
    request.end();
  });
}

/** Turns a Node network error into a typed failure; an abort becomes the deadline's own failure. */
function failureOf(error: unknown, url: string, deadline: Deadline): ScanFailure {
  if (error instanceof ScanFailure) return error;
  if (deadline.signal.aborted) return deadline.failure();
  return connectionFailure(error, new URL(url).host);
}

async function readBody(response: IncomingMessage, options: FetchOptions): Promise<{ text: string; bytes: number }> {
  const limit = options.maxBodyBytes ?? LIMITS.maxDocumentBytes;
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    response.destroy();
    throw new ScanFailure('body_too_large', `the document is ${declared} bytes, over the ${limit}-byte limit`, response.statusCode ?? null);
  }
  let wireBytes = 0;
  response.on('data', (chunk: Buffer) => (wireBytes += chunk.length));
  const decoded = decoder(response.headers['content-encoding']);
  const stream = decoded ? response.pipe(decoded) : response;
  const chunks: Buffer[] = [];
  let size = 0;
  const reading = (async () => {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > limit || wireBytes > limit) {
        throw new ScanFailure('body_too_large', `the document is over the ${limit}-byte limit`, response.statusCode ?? null);
      }
      chunks.push(buffer);
    }
  })();
  try {
    await options.deadline.race(reading);
  } catch (error) {
    response.destroy();
    decoded?.destroy();
    reading.catch(() => undefined);
    if (error instanceof ScanFailure) throw error;
    throw new ScanFailure('connection_reset', `the connection broke while reading the document (${shortMessage(error)})`);
  }
  return { text: decodeText(Buffer.concat(chunks), response.headers['content-type']), bytes: wireBytes };
}

function decoder(encoding: string | undefined): Transform | null {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

function decodeText(body: Buffer, contentType: string | undefined): string {
  const charset =
    /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1] ?? /<meta[^>]+charset=["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

function headerValues(headers: IncomingHttpHeaders): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    values[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  }
  return values;
}

/** Node's raw header list (name, value, name, value …) as lines, in the order received. */
function linesOf(raw: readonly string[]): HeaderLine[] {
  const lines: HeaderLine[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) lines.push([raw[index] ?? '', raw[index + 1] ?? '']);
  return lines;
}

function headerBytes(response: IncomingMessage): number {
  let bytes = 0;
  for (let index = 0; index < response.rawHeaders.length; index += 2) {
    bytes += (response.rawHeaders[index]?.length ?? 0) + (response.rawHeaders[index + 1]?.length ?? 0) + 4;
  }
  return bytes;
}

function tlsInfo(socket: TLSSocket): TlsInfo {
  const certificate = socket.getPeerCertificate();
  const issuer = certificate.issuer ? (certificate.issuer.O ?? certificate.issuer.CN ?? null) : null;
  const validTo = certificate.valid_to ? new Date(certificate.valid_to) : null;
  return {
    issuer: Array.isArray(issuer) ? (issuer[0] ?? null) : issuer,
    validTo: validTo && !Number.isNaN(validTo.getTime()) ? validTo.toISOString() : null,
    protocol: socket.getProtocol() ?? null,
  };
}
