import type { Browser, BrowserContext, CDPSession, Page, Response } from 'playwright';
import type { Performance } from '../../schema/scan.ts';
import { sleep, type Deadline } from '../deadline.ts';
import { kindOfBrowserError, ScanFailure, shortMessage } from '../failure.ts';
import type { Hop } from '../observed.ts';
import type { HeaderLine } from '../security/wire.ts';
import { LIMITS, USER_AGENT } from '../limits.ts';
import type { BrowserSignals, ObservedPage, ObservedResponse } from '../observed.ts';
import { createCollector, parseCollected, type CollectionPlan, type Collected, type Collector } from './collector.ts';
import { pageLexicalRoots } from './lexical-globals.ts';
import { NetworkLog } from './network.ts';
import { proxyFor } from '../guard/browser-flags.ts';
import { GuardProxy } from '../guard/proxy.ts';
import type { NetworkAccess } from '../guard/resolver.ts';

/**
 * One browser visit: a fresh context, the collector installed before the page's scripts,
 * navigation bounded by the deadline and the network limits, dialogs dismissed, downloads
 * refused, popups closed, then one in-page collection pass. Deep scans visit more pages in the
 * same context. The context is always closed, even when the renderer is stuck.
 */

export interface VisitOptions {
  readonly deadline: Deadline;
  readonly plan: CollectionPlan;
  /** Where to save a screenshot of the first page; none when null. */
  readonly screenshotPath: string | null;
  /** Same-site pages to visit after the first (deep depth), chosen from its links by `pickPages`. */
  readonly morePages: number;
  /**
   * Given the rendered HTML and the document as served, whether to load the page once more in
   * the same context and render it again (the scanner asks when scripts wrote text the served
   * document did not have: what differs between two renders is then known to be volatile).
   */
  readonly renderAgain?: (renderedHtml: string, servedHtml: string) => boolean;
  readonly pickPages: (html: string, finalUrl: string) => string[];
  /** Offline mode and the private-network guard; every connection of the visit goes through them. */
  readonly network: NetworkAccess;
}

export interface ExtraPage {
  readonly url: string;
  readonly html: string;
  readonly headers: Readonly<Record<string, string[]>>;
  readonly browser: BrowserSignals;
}

export interface BrowserVisit {
  readonly page: ObservedPage;
  readonly extraPages: readonly ExtraPage[];
  readonly screenshot: string | null;
  /** Why the result is partial (request cap hit, a deep page failed), or null. */
  readonly partial: string | null;
  /** The page rendered a second time, when `renderAgain` asked for it and it finished in time. */
  readonly secondRender: string | null;
  /** Connections the private-network guard refused (subresources, workers, sockets). */
  readonly refusedRequests: number;
}

const VIEWPORT = { width: 1366, height: 768 };

export async function visit(browser: Browser, url: string, options: VisitOptions): Promise<BrowserVisit> {
  const { deadline } = options;
  const proxy = await deadline.race(GuardProxy.start(options.network));
  try {
    return await visitThrough(browser, proxy, url, options);
  } finally {
    await proxy.close();
  }
}

async function visitThrough(browser: Browser, proxy: GuardProxy, url: string, options: VisitOptions): Promise<BrowserVisit> {
  const { deadline } = options;
  const context = await deadline.race(
    browser.newContext({
      proxy: proxyFor(proxy.url),
      acceptDownloads: false,
      userAgent: USER_AGENT,
      viewport: VIEWPORT,
      // Also sets Accept-Language, as a browser with this locale sends it.
      locale: 'en-US',
      serviceWorkers: 'block',
    }),
  );
  try {
    return await visitIn(context, proxy, url, options);
  } finally {
    await closeBounded(context);
  }
}

async function visitIn(context: BrowserContext, proxy: GuardProxy, url: string, options: VisitOptions): Promise<BrowserVisit> {
  const { deadline } = options;
  const collector = createCollector();
  await deadline.race(context.addInitScript({ content: collector.initScript }));
  const page = await deadline.race(context.newPage());
  context.on('page', (popup) => {
    if (popup !== page) void popup.close().catch(() => undefined);
  });
  page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));

  const cdp = await deadline.race(context.newCDPSession(page));
  const frameTree = await deadline.race(cdp.send('Page.getFrameTree'));
  await deadline.race(cdp.send('Network.enable'));
  const network = new NetworkLog(cdp, frameTree.frameTree.frame.id);

  const response = await navigate(page, url, network, proxy, deadline);
  const observed = await observedResponse(url, response, proxy, deadline);
  try {
    await settle(network, deadline);
    const collected = await collect(cdp, collector, options.plan, deadline);
    const [bodies, cookies] = await Promise.all([deadline.race(network.bodies()), deadline.race(context.cookies())]);
    const screenshot = options.screenshotPath ? await screenshotTo(page, options.screenshotPath, deadline) : null;
    const firstPage: ObservedPage = {
      ...observed,
      httpVersion: collected.timing.protocol || observed.httpVersion,
      html: collected.html,
      sourceHtml: await sourceOf(response, collected.html, deadline),
      performance: performanceOf(collected, network),
      browser: {
        js: collected.js,
        dom: collected.dom,
        probes: collected.probes,
        xhr: network.xhrHosts,
        cookies: cookieValues(cookies),
        scriptBodies: bodies.scripts,
        styleBodies: bodies.styles,
      },
    };
    const capped = network.capped ? `the page made more than ${LIMITS.maxRequests} requests; later ones were blocked` : null;
    const secondRender = options.renderAgain?.(collected.html, firstPage.sourceHtml) ? await renderAgain(page, network, cdp, collector, options) : null;
    const more = await visitMore(page, cdp, collector, options, firstPage);
    return { page: firstPage, extraPages: more.pages, screenshot, partial: capped ?? more.partial, refusedRequests: proxy.refused, secondRender };
  } catch (error) {
    if (error instanceof ScanFailure) error.response ??= observed;
    throw error;
  }
}

async function navigate(page: Page, url: string, network: NetworkLog, proxy: GuardProxy, deadline: Deadline): Promise<Response> {
  const navigation = page.goto(url, { waitUntil: 'load', timeout: deadline.remainingMs() + 1_000 });
  navigation.catch(() => undefined);
  let response: Response | null;
  try {
    response = await deadline.race(Promise.race([navigation, network.hostile]));
  } catch (error) {
    // The browser only sees that its proxy failed; the proxy knows why (refused, no such host, …).
    const viaProxy = error instanceof ScanFailure || deadline.signal.aborted ? undefined : proxy.failureFor(network.documentUrl ?? url);
    throw viaProxy ?? navigationFailure(error, url, deadline);
  }
  if (response === null) throw new ScanFailure('internal', `navigating to ${url} produced no response`);
  return response;
}

function navigationFailure(error: unknown, url: string, deadline: Deadline): ScanFailure {
  if (error instanceof ScanFailure) return error;
  if (deadline.signal.aborted) return deadline.failure();
  const message = shortMessage(error);
  const kind = kindOfBrowserError(message);
  if (kind === 'not_html') return new ScanFailure('not_html', `${url} is a download, not a page`);
  if (kind) return new ScanFailure(kind, `${url}: ${message}`);
  if (error instanceof Error && error.name === 'TimeoutError') return new ScanFailure('timeout', `${url} did not finish loading in time`);
  return new ScanFailure('browser', `${url}: ${message}`);
}

async function observedResponse(url: string, response: Response, proxy: GuardProxy, deadline: Deadline): Promise<ObservedResponse> {
  const hops: Response[] = [];
  for (let request = response.request().redirectedFrom(); request; request = request.redirectedFrom()) {
    const hop = await deadline.race(request.response());
    if (hop) hops.unshift(hop);
  }
  // headersArray(): the lines the server sent, duplicates kept (allHeaders() merges them).
  const [lines, hopLines, server, security] = await Promise.all([
    deadline.race(response.headersArray()),
    deadline.race(Promise.all(hops.map((hop) => hop.headersArray()))),
    deadline.race(response.serverAddr()),
    deadline.race(response.securityDetails()),
  ]);
  const headerLines = lines.map(({ name, value }): HeaderLine => [name, value]);
  const chain = [...hops.map((hop, index) => ({ url: hop.url(), lines: hopLines[index] ?? [] })), { url: response.url(), lines }];
  const cookieLines = chain.flatMap(({ url: from, lines: sent }) => sent.filter(({ name }) => name.toLowerCase() === 'set-cookie').map(({ value }) => ({ url: from, line: value })));
  const redirects: Hop[] = hops.map((hop) => ({ url: hop.url(), status: hop.status() }));
  const headers = headerValues(headerLines);
  return {
    url,
    finalUrl: response.url(),
    status: response.status(),
    headers,
    headerLines,
    cookieLines,
    contentType: headers['content-type']?.[0] ?? null,
    redirects,
    // The browser's socket ends at the proxy; the proxy knows the site's address.
    ip: proxy.addressOf(response.url()) ?? server?.ipAddress ?? null,
    httpVersion: null,
    tls:
      security && (security.issuer || security.protocol)
      ? {
          issuer: security.issuer ?? null,
          validTo: security.validTo === undefined ? null : new Date(security.validTo * 1000).toISOString(),
          protocol: security.protocol ?? null,
        }
      : null,
  };
}

/** Header values by lowercase name, one per line sent. */
function headerValues(lines: readonly HeaderLine[]): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const [name, value] of lines) (values[name.toLowerCase()] ??= []).push(value);
  return values;
}

/**
 * The document as the server sent it, which the security grade reads (its scripts and meta
 * policies, not the ones the page's scripts added). Chromium keeps it for the navigation; if it
 * has let it go, the rendered DOM is the closest there is.
 */
async function sourceOf(response: Response, rendered: string, deadline: Deadline): Promise<string> {
  try {
    return await deadline.race(response.text());
  } catch (error) {
    if (error instanceof ScanFailure) throw error;
    return rendered;
  }
}

/** Late requests (analytics, lazy chunks) after `load`, within a small budget. */
async function settle(network: NetworkLog, deadline: Deadline): Promise<void> {
  const until = Date.now() + Math.min(LIMITS.settleCapMs, deadline.remainingMs());
  while (Date.now() < until && network.quietForMs() < LIMITS.settleQuietMs) {
    await sleep(50, deadline.signal);
    deadline.check();
  }
}

/**
 * Runs the collector through the DevTools protocol rather than Playwright's evaluate: the
 * protocol returns the JSON text as is, while Playwright's in-page serialisation breaks on
 * pages that poison built-ins.
 */
async function collect(cdp: CDPSession, collector: Collector, plan: CollectionPlan, deadline: Deadline): Promise<Collected> {
  const lexicalNames = await deadline.race(pageLexicalRoots(cdp, plan));
  const evaluation = await deadline
    .race(cdp.send('Runtime.evaluate', { expression: collector.expression(plan, lexicalNames), returnByValue: true }))
    .catch((error: unknown) => {
      if (error instanceof ScanFailure) throw error;
      throw new ScanFailure('browser', `collecting from the page failed: ${shortMessage(error)}`);
    });
  if (evaluation.exceptionDetails) {
    throw new ScanFailure('browser', `collecting from the page failed: ${evaluation.exceptionDetails.exception?.description?.split('\n')[0] ?? evaluation.exceptionDetails.text}`);
  }
  const collected = parseCollected(evaluation.result.value);
  if (typeof collected === 'string') throw new ScanFailure('browser', collected);
  return collected;
}

function performanceOf(collected: Collected, network: NetworkLog): Performance {
  const { timing, vitals } = collected;
  const rounded = (value: number | undefined) => (value === undefined || value === 0 ? null : Math.round(value));
  return {
    ttfbMs: rounded(vitals.ttfb ?? timing.responseStart),
    fcpMs: rounded(vitals.fcp ?? timing.paintFcp),
    lcpMs: rounded(vitals.lcp),
    cls: vitals.cls !== undefined ? Math.round(vitals.cls * 1000) / 1000 : timing.layoutShiftSupported ? 0 : null,
    domContentLoadedMs: rounded(timing.domContentLoaded),
    loadMs: rounded(timing.load),
    ...network.accounting(),
    ...(timing.cpuMs === undefined ? {} : { cpuMs: Math.round(timing.cpuMs * 10) / 10 }),
  };
}

function cookieValues(cookies: readonly { name: string; value: string }[]): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const cookie of cookies) (values[cookie.name.toLowerCase()] ??= []).push(cookie.value);
  return values;
}

async function screenshotTo(page: Page, path: string, deadline: Deadline): Promise<string | null> {
  await deadline.race(page.screenshot({ path, type: 'jpeg', quality: 70, timeout: deadline.remainingMs() }));
  return path;
}

/**
 * The same page loaded and rendered once more, for its HTML only: evidence, not a measurement
 * (the cache is warm now). A second render that fails or runs out of time is only missing.
 */
async function renderAgain(page: Page, network: NetworkLog, cdp: CDPSession, collector: Collector, options: VisitOptions): Promise<string | null> {
  const { deadline } = options;
  const budget = Math.min(RENDER_AGAIN_TIMEOUT_MS, deadline.remainingMs() / 2);
  if (budget < MIN_RENDER_AGAIN_MS) return null;
  try {
    await deadline.race(page.reload({ waitUntil: 'load', timeout: budget }));
    await settle(network, deadline);
    const collected = await collect(cdp, collector, { js: [], dom: [] }, deadline);
    return collected.html;
  } catch (error) {
    if (error instanceof ScanFailure && error.kind === 'aborted') throw error;
    return null;
  }
}

/** A second render gets at most this long, and is skipped with less than the minimum left. */
const RENDER_AGAIN_TIMEOUT_MS = 10_000;
const MIN_RENDER_AGAIN_MS = 2_000;

async function visitMore(page: Page, cdp: CDPSession, collector: Collector, options: VisitOptions, first: ObservedPage): Promise<{ pages: ExtraPage[]; partial: string | null }> {
  if (options.morePages <= 0) return { pages: [], partial: null };
  const { deadline } = options;
  const targets = options.pickPages(first.html, first.finalUrl).slice(0, options.morePages);
  const pages: ExtraPage[] = [];
  for (const target of targets) {
    try {
      const response = await deadline.race(page.goto(target, { waitUntil: 'load', timeout: deadline.remainingMs() }));
      if (!response || response.status() >= 400) continue;
      const collected = await collect(cdp, collector, options.plan, deadline);
      pages.push({
        url: response.url(),
        html: collected.html,
        headers: headerValues((await deadline.race(response.headersArray())).map(({ name, value }): HeaderLine => [name, value])),
        browser: { js: collected.js, dom: collected.dom, probes: collected.probes, xhr: [], cookies: {}, scriptBodies: [], styleBodies: [] },
      });
    } catch (error) {
      // The home page is scanned; a further page that fails ends the deep part, and says so.
      if (error instanceof ScanFailure && error.kind === 'aborted') throw error;
      return { pages, partial: `deep scan stopped at ${target}: ${error instanceof ScanFailure ? error.message : shortMessage(error)}` };
    }
  }
  return { pages, partial: null };
}

async function closeBounded(context: BrowserContext): Promise<void> {
  // The bound's timer is cancelled once the context has closed: a pending timer would keep the
  // process alive for the whole bound after the run is done.
  const bound = new AbortController();
  const closing = context.close().catch(() => undefined);
  await Promise.race([closing, sleep(LIMITS.closeTimeoutMs, bound.signal)]);
  bound.abort();
}
