import type { ScanError, ScanErrorKind } from '../schema/scan.ts';
import type { ObservedResponse } from './observed.ts';
import { PrivateNetworkRefusal } from './guard/resolver.ts';

/**
 * A scan that could not be completed, with the kind the run stage decides retries on
 * (timeouts, resets, refused connections and 5xx are retried; DNS, TLS, 4xx, blocked and
 * not_html are not). Thrown inside the scan stage and turned into the result's `error`.
 */
export class ScanFailure extends Error {
  /** The main document's response when one arrived before the failure (for infrastructure). */
  response: ObservedResponse | null = null;

  constructor(
    readonly kind: ScanErrorKind,
    message: string,
    /** HTTP status of the main document, when there was one. */
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ScanFailure';
  }

  toError(): ScanError {
    return { kind: this.kind, message: this.message };
  }
}

/** Node's network error codes → kinds. */
const NODE_CODES: Readonly<Record<string, ScanErrorKind>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'connection_refused',
  EHOSTUNREACH: 'connection_refused',
  ENETUNREACH: 'connection_refused',
  EADDRNOTAVAIL: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  ECONNABORTED: 'connection_reset',
  HPE_INVALID_CONSTANT: 'connection_reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
};

/** TLS failures: certificate problems and handshake errors. */
const TLS_CODE = /CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)|HOSTNAME_MISMATCH|ALTNAME/;

export function kindOfNodeError(error: unknown): ScanErrorKind | null {
  const code = errorCode(error);
  if (code === null) return null;
  return NODE_CODES[code] ?? (TLS_CODE.test(code) ? 'tls' : null);
}

function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code === 'string') return code;
  const cause: unknown = Reflect.get(error, 'cause');
  return cause === undefined ? null : errorCode(cause);
}

/** A failed connection to `host` (Node's client or the browser's proxy) as a typed failure. */
export function connectionFailure(error: unknown, host: string): ScanFailure {
  if (error instanceof ScanFailure) return error;
  if (error instanceof PrivateNetworkRefusal) return new ScanFailure('private_address', error.message);
  const detail = shortMessage(error);
  const kind = kindOfNodeError(error);
  switch (kind) {
    case 'dns':
      return new ScanFailure('dns', `${host} does not resolve (${detail})`);
    case 'connection_refused':
      return new ScanFailure('connection_refused', `${host} refused the connection (${detail})`);
    case 'connection_reset':
      return new ScanFailure('connection_reset', `${host} closed the connection (${detail})`);
    case 'tls':
      return new ScanFailure('tls', `${host} has a TLS problem: ${detail}`);
    case null:
      return new ScanFailure('connection_reset', `${host}: ${detail}`);
    default:
      return new ScanFailure(kind, `${host}: ${detail}`);
  }
}

/** Chromium's net::ERR_* codes (from Playwright's navigation errors) → kinds. */
const CHROMIUM_ERRORS: readonly (readonly [RegExp, ScanErrorKind])[] = [
  [/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|ERR_DNS_/, 'dns'],
  [/ERR_CONNECTION_REFUSED|ERR_ADDRESS_UNREACHABLE|ERR_ADDRESS_INVALID|ERR_INTERNET_DISCONNECTED/, 'connection_refused'],
  [
    /ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_ABORTED|ERR_HTTP2_PROTOCOL_ERROR|ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_CONTENT_LENGTH_MISMATCH|ERR_INVALID_HTTP_RESPONSE/,
    'connection_reset',
  ],
  [/ERR_CERT_|ERR_SSL_|ERR_BAD_SSL_CLIENT_AUTH_CERT|ERR_TLS/, 'tls'],
  [/ERR_TOO_MANY_REDIRECTS/, 'too_many_redirects'],
  [/ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT/, 'timeout'],
  [/ERR_UNSAFE_REDIRECT|ERR_UNSAFE_PORT|ERR_BLOCKED_BY_|ERR_ACCESS_DENIED/, 'blocked'],
  [/Download is starting|ERR_ABORTED.*download/i, 'not_html'],
];

export function kindOfBrowserError(message: string): ScanErrorKind | null {
  for (const [pattern, kind] of CHROMIUM_ERRORS) if (pattern.test(message)) return kind;
  return null;
}

/** First line of an error message, without Playwright's call log. */
export function shortMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).trim();
}

/** The kind for an HTTP status of the main document that is not a success. */
export function httpFailure(status: number, url: string): ScanFailure {
  return new ScanFailure('http_error', `${url} answered HTTP ${status}`, status);
}
