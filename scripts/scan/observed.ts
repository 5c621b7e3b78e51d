import type { DomNode, JsValue } from '../schema/signals.ts';
import type { Performance } from '../schema/scan.ts';
import type { CookieLine, Hop } from './security/evidence.ts';
import type { HeaderLine } from './security/wire.ts';

export type { Hop } from './security/evidence.ts';

export interface TlsInfo {
  readonly issuer: string | null;
  readonly validTo: string | null;
  readonly protocol: string | null;
}

/**
 * One page as a scan saw it, whichever way it was loaded (HTTP fetch or browser): the raw
 * material the pure steps turn into signals, content, security and infrastructure.
 */
export interface ObservedResponse {
  readonly url: string;
  readonly finalUrl: string;
  readonly status: number;
  /** Final response headers, lowercase names. */
  readonly headers: Readonly<Record<string, string[]>>;
  /** Final response headers as the server sent them: one entry per line, duplicates kept. */
  readonly headerLines: readonly HeaderLine[];
  /** Every Set-Cookie line of the document's responses, redirects included, with its response's URL. */
  readonly cookieLines: readonly CookieLine[];
  readonly contentType: string | null;
  readonly redirects: readonly Hop[];
  readonly ip: string | null;
  readonly httpVersion: string | null;
  readonly tls: TlsInfo | null;
}

export interface ObservedPage extends ObservedResponse {
  /** Fetched HTML (light) or the rendered DOM (browser). */
  readonly html: string;
  /** The document as the server sent it (the security grade reads this, never the rendered DOM). */
  readonly sourceHtml: string;
  readonly performance: Performance;
  /** Browser only: what detection needs beyond the HTML. Empty for light scans. */
  readonly browser: BrowserSignals | null;
}

export interface BrowserSignals {
  readonly js: Readonly<Record<string, JsValue>>;
  readonly dom: Readonly<Record<string, DomNode[]>>;
  /** Runtime probe id → readings (scripts/detect/probes.ts). */
  readonly probes: Readonly<Record<string, string[]>>;
  /** Hostnames of XHR and fetch requests. */
  readonly xhr: readonly string[];
  /** Cookies in the browser after load (JavaScript-set ones included), name → values. */
  readonly cookies: Readonly<Record<string, string[]>>;
  /** External script and stylesheet bodies, bounded. */
  readonly scriptBodies: readonly string[];
  readonly styleBodies: readonly string[];
}

const HTML_TYPES = /^(?:text\/html|application\/xhtml\+xml)\b/i;

/** A document is HTML when it says so, or says nothing and looks like it. */
export function isHtmlResponse(contentType: string | null, body: string): boolean {
  if (contentType) return HTML_TYPES.test(contentType.trim());
  return /^\s*(?:<!doctype html|<html|<head|<body)/i.test(body.slice(0, 1024));
}

/** Characters of a document's start that say whether it is text at all. */
const SNIFFED_CHARS = 4_096;
/** C0 controls other than tab, line feed, form feed and carriage return; and U+FFFD, what undecodable bytes become. */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000e-\u001f\ufffd]/g;
/**
 * A share of such characters no page in any encoding has: bytes that are not text, whatever the
 * Content-Type says. Random bytes read as UTF-8 are more than half such characters; a page with
 * broken sequences, or in Latin-1 declared as UTF-8, has a few in a hundred.
 */
const BINARY_SHARE = 0.3;

export function looksBinary(text: string): boolean {
  const start = text.slice(0, SNIFFED_CHARS);
  if (start.length === 0) return false;
  return (start.match(NOT_TEXT)?.length ?? 0) / start.length > BINARY_SHARE;
}
