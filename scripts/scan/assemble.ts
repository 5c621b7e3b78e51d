import type { ScanSettings } from '../schema/monitor.ts';
import type { Content, Infrastructure, Security } from '../schema/scan.ts';
import type { SignalsInput } from '../schema/signals.ts';
import { recogniseBlock } from './blocked.ts';
import { contentSummary } from './content.ts';
import { httpFailure, ScanFailure } from './failure.ts';
import { parseDocument, type ParsedDocument } from './html.ts';
import { infrastructureSummary } from './infrastructure.ts';
import { isHtmlResponse, type ObservedPage, type ObservedResponse } from './observed.ts';
import type { CookieLine, HttpRoute } from './security/evidence.ts';
import { securityReport, type ObservatoryInput } from './security/observatory.ts';
import type { HeaderLine } from './security/wire.ts';
import { signalsOf } from './signals.ts';

/**
 * From an observed page to the parts of a scan result: the pure middle of the scan, the same
 * for every depth.
 */

export interface AssembledPage {
  readonly document: ParsedDocument;
  readonly signals: SignalsInput;
  readonly content: Content;
  /** Normalised visible text, ignore rules applied. */
  readonly text: string;
  readonly security: Security;
  readonly infrastructure: Infrastructure;
}

/** The page is not the site (blocked, error status, not HTML): the failure to report, or null. */
export function judgePage(page: ObservedPage, document: ParsedDocument): ScanFailure | null {
  const block = recogniseBlock({ status: page.status, headers: page.headers, title: document.title, html: page.html });
  const failure = block
    ? new ScanFailure('blocked', `${page.finalUrl} answered with a ${block}, not the site`, page.status)
    : page.status >= 400
      ? httpFailure(page.status, page.finalUrl)
      : !isHtmlResponse(page.contentType, page.html)
        ? new ScanFailure('not_html', `${page.finalUrl} is ${page.contentType ?? 'not HTML'}, not an HTML page`, page.status)
        : null;
  if (failure) failure.response = page;
  return failure;
}

/** What the security grade's probes found (observatory-probes.ts). */
export interface ProbeFindings {
  /** From http://; null when nothing answers there. */
  readonly httpRoute: HttpRoute | null;
  /** The CORS preflight's answer; null when it got none. */
  readonly preflight: readonly HeaderLine[] | null;
}

export const NO_PROBES: ProbeFindings = { httpRoute: null, preflight: null };

/**
 * The http:// route the Observatory's redirection test reads: the page's own redirects when it
 * was asked for over http://, else the probe's.
 */
export function httpRouteOf(page: ObservedResponse, probe: HttpRoute | null): HttpRoute | null {
  if (page.url.startsWith('http:')) return { hops: [...page.redirects, { url: page.finalUrl, status: page.status }], verified: true };
  return probe;
}

/** The Observatory's view of one scan (security/evidence.ts says how each part maps). */
export function observatoryInput(page: ObservedPage, probes: ProbeFindings): ObservatoryInput {
  const https = page.url.startsWith('https:') || page.finalUrl.startsWith('https:');
  return {
    siteHost: new URL(page.url).hostname,
    https,
    headers: page.headerLines,
    body: page.sourceHtml,
    cookies: page.finalUrl.startsWith('https:') ? fromFirstHttps(page.cookieLines) : page.cookieLines,
    httpRoute: probes.httpRoute,
    preflight: probes.preflight,
  };
}

/** The Observatory's https session starts at https://: the http:// hops before it set nothing there. */
function fromFirstHttps(lines: readonly CookieLine[]): readonly CookieLine[] {
  const first = lines.findIndex((line) => line.url.startsWith('https:'));
  return first === -1 ? [] : lines.slice(first);
}

export function assemblePage(
  page: ObservedPage,
  settings: ScanSettings,
  probes: ProbeFindings,
  document: ParsedDocument = parseDocument(page.html, page.finalUrl, settings.ignore.selectors),
): AssembledPage {
  const { content, text } = contentSummary(document, settings.ignore.patterns);
  return {
    document,
    signals: signalsOf(page, document, text),
    content,
    text,
    security: securityReport(observatoryInput(page, probes)),
    infrastructure: infrastructureOf(page),
  };
}

export function infrastructureOf(response: ObservedResponse): Infrastructure {
  return infrastructureSummary({
    headers: response.headers,
    ip: response.ip,
    httpVersion: response.httpVersion,
    tls: response.tls,
    redirects: [...response.redirects],
  });
}
