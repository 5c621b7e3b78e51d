import type { ScanSettings } from '../schema/monitor.ts';
import type { Content, Infrastructure, Performance, Security } from '../schema/scan.ts';
import type { SignalsInput } from '../schema/signals.ts';
import { recogniseBlock } from './blocked.ts';
import { contentSummary, hashBlocks, volatileBlocks } from './content.ts';
import { httpFailure, ScanFailure } from './failure.ts';
import { parseDocument, type ParsedDocument } from './html.ts';
import { infrastructureSummary } from './infrastructure.ts';
import { isHtmlResponse, looksBinary, type ObservedPage, type ObservedResponse } from './observed.ts';
import type { CookieLine, HttpRoute } from './security/evidence.ts';
import { securityReport, type ObservatoryInput } from './security/observatory.ts';
import type { HeaderLine } from './security/wire.ts';
import { signalsOf } from './signals.ts';
import { median } from '../shared/statistics.ts';

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
  /** Block hash → original wording, for excerpts. */
  readonly blockTexts: Readonly<Record<string, string>>;
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
        : looksBinary(page.sourceHtml || page.html)
          ? new ScanFailure('not_html', `${page.finalUrl} is binary data served as ${page.contentType ?? 'HTML'}, not an HTML page`, page.status)
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
  const { content, text, blockTexts } = contentSummary(document, settings.ignore.patterns);
  return {
    document,
    signals: signalsOf(page, document, text),
    content,
    text,
    blockTexts,
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

/** More loads of the same document within the scan (scripts/scan/samples.ts), as the pure steps read them. */
export interface Loads {
  /** Times to first byte of the page's own load and of every sample, in milliseconds. */
  readonly ttfbMs: readonly number[];
  /** The document as the server sent it, once per load (the page's own and the samples'). */
  readonly served: readonly string[];
  /** The page as rendered by its scripts, once per render (empty when it was rendered once). */
  readonly rendered: readonly string[];
}

/**
 * The scan's content and performance with the evidence of several loads: the blocks that
 * differed between loads are marked volatile, and TTFB becomes the median of its samples.
 */
export function withLoads(
  assembled: AssembledPage,
  performance: Performance,
  loads: Loads,
  page: ObservedPage,
  settings: ScanSettings,
): { assembled: AssembledPage; performance: Performance } {
  const hashes = (html: string) => hashBlocks(parseDocument(html, page.finalUrl, settings.ignore.selectors).blocks, settings.ignore.patterns).hashes;
  const volatile = [...new Set([...volatileBlocks(loads.served.map(hashes)), ...volatileBlocks(loads.rendered.map(hashes))])].sort();
  const ttfb = loads.ttfbMs.map((value) => Math.round(value));
  return {
    assembled: { ...assembled, content: { ...assembled.content, volatile } },
    // No timed sample: the page's own reading stays in the record, the empty samples say it is not a measurement.
    performance: { ...performance, ...(ttfb.length > 0 ? { ttfbMs: Math.round(median(ttfb)) } : {}), samples: { ...performance.samples, ttfbMs: ttfb } },
  };
}
