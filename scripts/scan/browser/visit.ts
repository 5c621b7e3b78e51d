import type { Browser, BrowserContext, CDPSession, Page, Response } from 'playwright';
import type { Performance } from '../../schema/scan.ts';
import { sleep, type Deadline } from '../deadline.ts';
import { ScanFailure, shortMessage } from '../failure.ts';
import type { Hop } from '../observed.ts';
import type { HeaderLine } from '../security/wire.ts';
import { LIMITS, USER_AGENT } from '../limits.ts';
import type { BrowserSignals, ObservedPage, ObservedResponse } from '../observed.ts';
import { createCollector, parseCollected, type CollectionPlan, type Collected, type Collector } from './collector.ts';
import { pageLexicalRoots } from './lexical-globals.ts';
import { navigate, waitForLoad, type DocumentBound, type LoadState } from './navigation.ts';
import { NetworkLog } from './network.ts';
import { sentDocument, stopScripts, within } from './page-stop.ts';
import { PageTrouble } from './page-trouble.ts';
import type { RendererWatch } from './renderers.ts';
import { proxyFor } from '../guard/browser-flags.ts';
import type { BrowserProxy, GuardProxies } from '../guard/proxies.ts';
import type { NetworkAccess } from '../guard/resolver.ts';

/**
 * One browser visit: a fresh context, the collector installed before the page's scripts,
 * navigation bounded by the document deadline and the network limits, dialogs dismissed,
 * downloads refused, popups closed, then one in-page collection pass, itself bounded in time
 * and in the elements it reads. A page that has not loaded by the document deadline is read
 * as it is; one whose scripts never let it be read is stopped and known by its HTTP response.
 * Deep scans visit more pages in the same context. The context is always closed, even when
 * the renderer is stuck.
 */

export interface VisitOptions {
  readonly deadline: Deadline;
  /** How long the page may take to load (scan.documentTimeoutSeconds), within the deadline. */
  readonly documentTimeoutMs: number;
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
  /** Where the visit's guard proxy runs: a thread of the scanner's own. */
  readonly proxies: GuardProxies;
  /** The browser's renderers, which say why a crashed page's renderer ended. */
  readonly renderers: RendererWatch;
  /**
   * Called when the browser stopped answering (a context it would not open or close in time):
   * it must take no more scans, or every scan after this one waits out its deadline in it.
   */
  readonly onBrowserStuck: () => void;
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
  /** Why the result is partial (not loaded in time, request cap hit, too many elements, a deep page failed), or null. */
  readonly partial: string | null;
  /**
   * The page's scripts never let it be read, so they were stopped and the page is known by its
   * HTTP response only: headers and the document as sent, no rendered signals or measurements.
   */
  readonly fromResponse: boolean;
  /** True when the browser received the whole document (false for a body that never ended). */
  readonly documentArrived: boolean;
  /** The page rendered again (up to RERENDERS times), when `renderAgain` asked for it, each that finished in time. */
  readonly rerenders: readonly string[];
  /** Connections the private-network guard refused (subresources, workers, sockets). */
  readonly refusedRequests: number;
}

const VIEWPORT = { width: 1366, height: 768 };

export async function visit(browser: Browser, url: string, options: VisitOptions): Promise<BrowserVisit> {
  const { deadline } = options;
  const proxy = await deadline.race(options.proxies.start(options.network));
  try {
    return await visitThrough(browser, proxy, url, options);
  } finally {
    await proxy.close();
  }
}

async function visitThrough(browser: Browser, proxy: BrowserProxy, url: string, options: VisitOptions): Promise<BrowserVisit> {
  const { deadline } = options;
  const opening = browser.newContext({
    proxy: proxyFor(proxy.url),
    acceptDownloads: false,
    userAgent: USER_AGENT,
    viewport: VIEWPORT,
    // Also sets Accept-Language, as a browser with this locale sends it.
    locale: 'en-US',
    serviceWorkers: 'block',
  });
  const context = await deadline.race(answered(opening, options.onBrowserStuck));
  try {
    return await visitIn(context, proxy, url, options);
  } finally {
    if (!(await closeBounded(context))) options.onBrowserStuck();
  }
}

/** A browser step that does not involve the page: past its bound the browser is stuck. */
async function answered<T>(step: Promise<T>, onBrowserStuck: () => void): Promise<T> {
  const bound = new AbortController();
  const stuck = sleep(LIMITS.browserAnswerTimeoutMs, bound.signal).then(() => {
    onBrowserStuck();
    throw new ScanFailure('browser', `the browser did not open a page within ${LIMITS.browserAnswerTimeoutMs / 1000} s`);
  });
  stuck.catch(() => undefined);
  try {
    return await Promise.race([step, stuck]);
  } finally {
    bound.abort();
  }
}

/** What the steps after navigation share. */
interface Visiting {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly cdp: CDPSession;
  readonly collector: Collector;
  readonly network: NetworkLog;
  readonly proxy: BrowserProxy;
  readonly trouble: PageTrouble;
  readonly response: Response;
  readonly observed: ObservedResponse;
  readonly bound: DocumentBound;
  readonly options: VisitOptions;
}

async function visitIn(context: BrowserContext, proxy: BrowserProxy, url: string, options: VisitOptions): Promise<BrowserVisit> {
  const { deadline } = options;
  const collector = createCollector();
  await deadline.race(context.addInitScript({ content: collector.initScript }));
  const page = await deadline.race(answered(context.newPage(), options.onBrowserStuck));
  context.on('page', (popup) => {
    if (popup !== page) void popup.close().catch(() => undefined);
  });
  page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));

  const cdp = await deadline.race(context.newCDPSession(page));
  const frameTree = await deadline.race(cdp.send('Page.getFrameTree'));
  await deadline.race(cdp.send('Network.enable'));
  const network = new NetworkLog(cdp, frameTree.frameTree.frame.id);
  const trouble = await PageTrouble.watch(page, cdp, network, options.renderers, deadline);

  const seconds = options.documentTimeoutMs / 1000;
  const bound: DocumentBound = { until: Date.now() + Math.min(options.documentTimeoutMs, deadline.remainingMs()), seconds };
  const response = await navigate(page, url, bound, { network, proxy, deadline, trouble });
  let observed: ObservedResponse | null = null;
  try {
    observed = await observedResponse(url, response, proxy, deadline, trouble);
    return await readPage({ context, page, cdp, collector, network, proxy, trouble, response, observed, bound, options });
  } catch (caught) {
    const error = await trouble.explain(caught);
    if (error instanceof ScanFailure && observed) error.response ??= observed;
    throw error;
  }
}

async function readPage(visiting: Visiting): Promise<BrowserVisit> {
  const { context, page, cdp, collector, network, proxy, trouble, response, observed, bound, options } = visiting;
  const { deadline } = options;
  const load = await waitForLoad(page, bound, { cdp, network, deadline, trouble });
  // Past the cap the page waits on requests that will never be made: it is read as it is.
  if (load === 'capped')
    await within(
      LIMITS.stopPageTimeoutMs,
      cdp.send('Page.stopLoading').catch(() => undefined),
      undefined,
      deadline,
      trouble,
    );
  if (load === 'loaded') await settle(network, deadline);
  const collected = load === 'busy' ? null : await collectLoaded(visiting, load);
  if (collected === null) return fromResponse(visiting, load);
  const [bodies, cookies] = await Promise.all([
    within(LIMITS.readTimeoutMs, network.bodies(), { scripts: [], styles: [] }, deadline, trouble),
    trouble.step(deadline, context.cookies()),
  ]);
  const screenshot = options.screenshotPath ? await screenshotTo(page, options.screenshotPath, deadline, trouble) : null;
  // A document whose body never ended has no source to give: its DOM is the closest there is.
  const source = network.documentDone ? ((await sentDocument(response, deadline, trouble)) ?? collected.html) : collected.html;
  const firstPage: ObservedPage = {
    ...observed,
    httpVersion: collected.timing.protocol || observed.httpVersion,
    html: collected.html,
    sourceHtml: source,
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
  const whole = load === 'loaded' && collected.elements <= LIMITS.maxDomNodes;
  const rerenders =
    whole && options.renderAgain?.(collected.html, firstPage.sourceHtml) ? await renderAgain(page, network, cdp, collector, trouble, options) : [];
  const more = whole ? await visitMore(page, cdp, collector, trouble, options, firstPage) : { pages: [], partial: null };
  const partial = [...partsMissing(load, collected, network, bound), ...(more.partial ? [more.partial] : [])];
  return {
    page: firstPage,
    extraPages: more.pages,
    screenshot,
    partial: partial.length > 0 ? partial.join('; ') : null,
    fromResponse: false,
    documentArrived: network.documentDone,
    refusedRequests: await proxy.refused(),
    rerenders,
  };
}

/** How many times a page that keeps starting new documents after `load` is waited for. */
const NEW_DOCUMENT_WAITS = 5;

/**
 * Collects from the page; when it had loaded but the document read is still loading, the page
 * has begun a new one (a reload, a redirect by script, a challenge that retries) whose head may
 * not even be parsed yet — that document is waited for and read instead, a few times at most.
 * A page that reloads itself without end may be caught loading every time: the fullest of
 * those reads is kept, not the last, which may be an empty document.
 */
async function collectLoaded(visiting: Visiting, load: LoadState): Promise<Collected | null> {
  const { page, cdp, collector, network, trouble, bound, options } = visiting;
  const { deadline } = options;
  let best = await collect(cdp, collector, options.plan, deadline, trouble);
  for (let wait = 0; load === 'loaded' && best?.readyState === 'loading' && wait < NEW_DOCUMENT_WAITS; wait += 1) {
    if ((await waitForLoad(page, bound, { cdp, network, deadline, trouble })) !== 'loaded') break;
    const again = await collect(cdp, collector, options.plan, deadline, trouble);
    if (again && (again.readyState !== 'loading' || again.elements > best.elements)) best = again;
  }
  return best;
}

/** Why a page that was read is not all there, in the order a reader would want them. */
function partsMissing(load: LoadState, collected: Collected, network: NetworkLog, bound: DocumentBound): string[] {
  return [
    ...(load === 'unfinished' ? [`the page had not finished loading after ${bound.seconds} s and was read as it was`] : []),
    ...(network.capped ? [`the page made more than ${LIMITS.maxRequests} requests; later ones were blocked`] : []),
    ...(collected.elements > LIMITS.maxDomNodes ? [`the page has ${collected.elements} elements; the first ${LIMITS.maxDomNodes} were read`] : []),
  ];
}

/**
 * A page whose scripts never let it be read: its scripts are stopped and it is known by what
 * its HTTP response showed — headers, cookies, address, and the document as sent when the
 * browser has it whole. Stopping also frees the renderer, so closing the context is quick.
 */
async function fromResponse(visiting: Visiting, load: LoadState): Promise<BrowserVisit> {
  const { cdp, network, proxy, trouble, response, observed, bound, options } = visiting;
  const { deadline } = options;
  await stopScripts(cdp, deadline, trouble);
  // A renderer held since the parse reports the document's end only once its script is ended.
  await within(LIMITS.stopPageTimeoutMs, network.whenDocumentDone, undefined, deadline, trouble);
  const source = network.documentDone ? ((await sentDocument(response, deadline, trouble)) ?? '') : '';
  const busy = `its scripts kept the browser busy for more than ${LIMITS.collectTimeoutMs / 1000} s`;
  const why =
    load === 'loaded'
      ? `the page loaded, then ${busy}`
      : load === 'capped'
        ? `the page made more than ${LIMITS.maxRequests} requests, then ${busy}`
        : load === 'busy'
          ? `while the page was loading, ${busy}`
          : `the page had not finished loading after ${bound.seconds} s and ${busy}`;
  return {
    page: { ...observed, html: source, sourceHtml: source, performance: UNMEASURED, browser: null },
    extraPages: [],
    screenshot: null,
    partial: `${why}; it was stopped and scanned from its HTTP response`,
    fromResponse: true,
    documentArrived: network.documentDone,
    refusedRequests: await proxy.refused(),
    rerenders: [],
  };
}

/** The performance of a page that was never measured (its scripts were stopped). */
const UNMEASURED: Performance = {
  ttfbMs: null,
  fcpMs: null,
  lcpMs: null,
  cls: null,
  domContentLoadedMs: null,
  loadMs: null,
  transferBytes: null,
  requests: null,
  byType: {},
};

async function observedResponse(url: string, response: Response, proxy: BrowserProxy, deadline: Deadline, trouble: PageTrouble): Promise<ObservedResponse> {
  const hops: Response[] = [];
  for (let request = response.request().redirectedFrom(); request; request = request.redirectedFrom()) {
    const hop = await trouble.step(deadline, request.response());
    if (hop) hops.unshift(hop);
  }
  // headersArray(): the lines the server sent, duplicates kept (allHeaders() merges them).
  const [lines, hopLines, server, security] = await trouble.step(
    deadline,
    Promise.all([response.headersArray(), Promise.all(hops.map((hop) => hop.headersArray())), response.serverAddr(), response.securityDetails()]),
  );
  const headerLines = lines.map(({ name, value }): HeaderLine => [name, value]);
  const chain = [...hops.map((hop, index) => ({ url: hop.url(), lines: hopLines[index] ?? [] })), { url: response.url(), lines }];
  const cookieLines = chain.flatMap(({ url: from, lines: sent }) =>
    sent.filter(({ name }) => name.toLowerCase() === 'set-cookie').map(({ value }) => ({ url: from, line: value })),
  );
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
    ip: (await proxy.addressOf(response.url())) ?? server?.ipAddress ?? null,
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

/** Late requests (analytics, lazy chunks) after `load`, within a small budget. */
async function settle(network: NetworkLog, deadline: Deadline): Promise<void> {
  const until = Date.now() + Math.min(LIMITS.settleCapMs, deadline.remainingMs());
  while (Date.now() < until && network.quietForMs() < LIMITS.settleQuietMs) {
    await sleep(50, deadline.signal);
    deadline.check();
  }
}

/** Chromium's answer when an evaluation is ended (by its own timeout, or by stopping the page). */
const TERMINATED = /Execution was terminated/i;
/** The page navigated away while it was being read; the next document is read instead. */
const CONTEXT_GONE = /Execution context was destroyed|Cannot find context with specified id|Inspected target navigated or closed/i;
const COLLECT_ATTEMPTS = 2;

/**
 * Runs the collector through the DevTools protocol rather than Playwright's evaluate: the
 * protocol returns the JSON text as is, while Playwright's in-page serialisation breaks on
 * pages that poison built-ins. Null when the page does not answer within the collection's
 * own time (its scripts hold the renderer).
 */
async function collect(cdp: CDPSession, collector: Collector, plan: CollectionPlan, deadline: Deadline, trouble: PageTrouble): Promise<Collected | null> {
  for (let attempt = 1; ; attempt += 1) {
    const evaluation = await within(
      LIMITS.collectTimeoutMs,
      pageLexicalRoots(cdp, plan).then((lexicalNames) =>
        cdp.send('Runtime.evaluate', { expression: collector.expression(plan, lexicalNames), returnByValue: true, timeout: LIMITS.collectTimeoutMs }),
      ),
      null,
      deadline,
      trouble,
    ).catch((error: unknown) => {
      if (error instanceof ScanFailure) throw error;
      if (CONTEXT_GONE.test(shortMessage(error)) && attempt < COLLECT_ATTEMPTS) return 'again' as const;
      throw new ScanFailure('browser', `collecting from the page failed: ${shortMessage(error)}`);
    });
    if (evaluation === 'again') continue;
    if (evaluation === null) return null;
    if (evaluation.exceptionDetails) {
      const description = evaluation.exceptionDetails.exception?.description?.split('\n')[0] ?? evaluation.exceptionDetails.text;
      if (TERMINATED.test(description)) return null;
      throw new ScanFailure('browser', `collecting from the page failed: ${description}`);
    }
    const collected = parseCollected(evaluation.result.value);
    if (typeof collected === 'string') throw new ScanFailure('browser', collected);
    return collected;
  }
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

/** A screenshot is an artefact, not evidence: one that cannot be taken in time is only missing. */
async function screenshotTo(page: Page, path: string, deadline: Deadline, trouble: PageTrouble): Promise<string | null> {
  const timeout = Math.max(1, Math.min(LIMITS.readTimeoutMs, deadline.remainingMs()));
  const taken = page.screenshot({ path, type: 'jpeg', quality: 70, timeout }).then(
    () => path,
    () => null,
  );
  return trouble.step(deadline, taken);
}

/**
 * Loads a client-rendered page again, up to RERENDERS times within one budget, for its HTML
 * only: evidence, not a measurement (the cache is warm now). Text that differs between loads (a
 * rotating promo, a banner shown to some visitors) is volatile. One more load is what the change
 * corpus holds to: three, on every fast page, made the corpus's slow sites miss their slowdown
 * (the extra reloads of the other sites in the same run moved their TTFB baseline). A render that
 * fails or runs out of time is only missing.
 */
async function renderAgain(
  page: Page,
  network: NetworkLog,
  cdp: CDPSession,
  collector: Collector,
  trouble: PageTrouble,
  options: VisitOptions,
): Promise<string[]> {
  const { deadline } = options;
  const until = Date.now() + Math.min(RENDER_AGAIN_BUDGET_MS, options.documentTimeoutMs, deadline.remainingMs() / 2);
  const renders: string[] = [];
  while (renders.length < RERENDERS && until - Date.now() >= MIN_RENDER_AGAIN_MS) {
    try {
      await trouble.step(deadline, page.reload({ waitUntil: 'load', timeout: until - Date.now() }));
      await settle(network, deadline);
      const collected = await collect(cdp, collector, { js: [], dom: [] }, deadline, trouble);
      if (!collected) break;
      renders.push(collected.html);
    } catch (error) {
      if (error instanceof ScanFailure && (error.kind === 'aborted' || error.kind === 'renderer_crashed')) throw error;
      break;
    }
  }
  return renders;
}

/** Loads after the first; the renders share one budget, and none starts with less than the minimum left. */
const RERENDERS = 1;
const RENDER_AGAIN_BUDGET_MS = 10_000;
const MIN_RENDER_AGAIN_MS = 2_000;

async function visitMore(
  page: Page,
  cdp: CDPSession,
  collector: Collector,
  trouble: PageTrouble,
  options: VisitOptions,
  first: ObservedPage,
): Promise<{ pages: ExtraPage[]; partial: string | null }> {
  if (options.morePages <= 0) return { pages: [], partial: null };
  const { deadline } = options;
  const targets = options.pickPages(first.html, first.finalUrl).slice(0, options.morePages);
  const pages: ExtraPage[] = [];
  for (const target of targets) {
    try {
      const timeout = Math.max(1, Math.min(options.documentTimeoutMs, deadline.remainingMs()));
      const response = await trouble.step(deadline, page.goto(target, { waitUntil: 'load', timeout }));
      if (!response || response.status() >= 400) continue;
      const collected = await collect(cdp, collector, options.plan, deadline, trouble);
      if (collected === null) return { pages, partial: `deep scan stopped at ${target}: its scripts kept the browser busy` };
      pages.push({
        url: response.url(),
        html: collected.html,
        headers: headerValues((await trouble.step(deadline, response.headersArray())).map(({ name, value }): HeaderLine => [name, value])),
        browser: { js: collected.js, dom: collected.dom, probes: collected.probes, xhr: [], cookies: {}, scriptBodies: [], styleBodies: [] },
      });
    } catch (error) {
      // The home page is scanned; a further page that fails ends the deep part, and says so.
      if (error instanceof ScanFailure && (error.kind === 'aborted' || error.kind === 'renderer_crashed')) throw error;
      return { pages, partial: `deep scan stopped at ${target}: ${error instanceof ScanFailure ? error.message : shortMessage(error)}` };
    }
  }
  return { pages, partial: null };
}

/** Closes the context; false when the browser did not manage it within the bound. */
async function closeBounded(context: BrowserContext): Promise<boolean> {
  // The bound's timer is cancelled once the context has closed: a pending timer would keep the
  // process alive for the whole bound after the run is done.
  const bound = new AbortController();
  const closing = context.close().then(
    () => true,
    () => true, // Closing fails when the browser already closed it, e.g. after a crash.
  );
  const closed = await Promise.race([closing, sleep(LIMITS.closeTimeoutMs, bound.signal).then(() => false)]);
  bound.abort();
  return closed;
}
