import { join } from 'node:path';
import { EnvironmentError } from '../errors.ts';
import { DEPTHS, type Depth } from '../schema/common.ts';
import type { Performance, ScanError } from '../schema/scan.ts';
import type { SignalsInput, Technology } from '../schema/signals.ts';
import { assemblePage, httpRouteOf, judgePage, NO_PROBES, withLoads, type AssembledPage, type ProbeFindings } from './assemble.ts';
import { BrowserHost, type BrowserLease } from './browser/host.ts';
import { launchChromium, type ChromiumLocation } from './browser/launch.ts';
import type { CollectionPlan } from './browser/collector.ts';
import { visit, type BrowserVisit } from './browser/visit.ts';
import type { ScanOutcome, ScanRequest, Scanner } from './contract.ts';
import { Deadline } from './deadline.ts';
import { ScanFailure, shortMessage } from './failure.ts';
import { parseDocument } from './html.ts';
import { hashBlocks } from './content.ts';
import type { ScanSettings } from '../schema/monitor.ts';
import type { NetworkAccess } from './guard/resolver.ts';
import { observeLight } from './light.ts';
import { corsPreflight, probeHttp } from './observatory-probes.ts';
import type { HttpRoute } from './security/evidence.ts';
import { DEFAULT_TRUST, verifiesCertificates, type Trust } from './trust.ts';
import type { ObservedPage, ObservedResponse } from './observed.ts';
import { buildResult, scanId } from './result.ts';
import { GuardProxies } from './guard/proxies.ts';
import { DocumentSampler, EXTRA_SAMPLES, type DocumentSample } from './samples.ts';
import { mergeTechnologies } from './technologies.ts';
import { pickDeepPages } from './deep-pages.ts';
import type { DnsResolver } from './dns-records.ts';
import { collectSiteSignals, NO_SITE_SIGNALS, type SiteSignals } from './site-signals.ts';

/** Technology detection as the scanner uses it (scripts/detect behind it). */
export interface Detection {
  /** Fingerprint database version, recorded with every scan. */
  readonly version: string;
  /** Hash of our own rules and runtime probes layered on the database, recorded with every scan. */
  readonly rules: string;
  readonly plan: CollectionPlan;
  detect(signals: SignalsInput): Technology[];
}

export interface ScannerDependencies {
  readonly detection: Detection;
  /** `techscan@<version>`. */
  readonly tool: string;
  /** Null: light scans only. */
  readonly chromium: ChromiumLocation | null;
  /** Offline mode (tests, the demo) and the private-network guard, for Node and the browser alike. */
  readonly network: NetworkAccess;
  /** Where the `dns` detection signal is asked; absent or null: not collected. */
  readonly dns?: DnsResolver | null;
  /** Extra certificate authorities (NODE_EXTRA_CA_CERTS); none by default. */
  readonly trust?: Trust;
  readonly clock?: () => Date;
}

interface PageScan {
  readonly observed: ObservedPage;
  readonly assembled: AssembledPage;
  /** The page's performance with the samples of the other loads folded in; null when it was not measured. */
  readonly performance: Performance | null;
  /** False when the page is known by its HTTP response only (its scripts were stopped): no content is kept. */
  readonly rendered: boolean;
  readonly technologies: readonly Technology[];
  readonly extraPages: readonly string[];
  readonly artifacts: readonly string[];
  readonly partial: string | null;
  readonly refusedRequests: number;
}

/**
 * The scan stage's edge: one browser per process, launched on the first standard or deep
 * scan and replaced after a renderer crash, a fresh context per scan; light scans never start it.
 */
export class TechscanScanner implements Scanner {
  readonly maxDepth: Depth;
  readonly #browsers: BrowserHost;
  #closed = false;
  readonly #sampler: DocumentSampler;
  readonly #proxies = new GuardProxies();

  constructor(private readonly deps: ScannerDependencies) {
    this.maxDepth = deps.chromium ? 'deep' : 'light';
    this.#sampler = new DocumentSampler(deps.network, (deps.trust ?? DEFAULT_TRUST).certificates);
    this.#browsers = new BrowserHost(() => this.#launch());
    // Loading a thread takes a core for half a second: done now, it is over before the first
    // page loads, and the first pages' paint times do not measure it.
    this.#sampler.warm();
    if (deps.chromium) this.#proxies.warm();
  }

  async scan(request: ScanRequest): Promise<ScanOutcome> {
    if (this.#closed) throw new Error('scan() after close()');
    const clock = this.deps.clock ?? (() => new Date());
    const scannedAt = clock();
    const started = performance.now();
    const depth = shallower(request.settings.depth, this.maxDepth);
    const deadline = new Deadline(request.settings.timeoutSeconds * 1000, request.signal);
    let page: PageScan | null = null;
    let error: ScanError | null = null;
    let response: ObservedResponse | null = null;
    try {
      page = await this.#scanPage(request, depth, deadline, scanId(request.monitor, request.url, scannedAt.toISOString()));
      if (page.partial) error = { kind: 'partial', message: page.partial };
    } catch (caught) {
      // No usable browser is the machine's problem, not the site's: the run must stop.
      if (caught instanceof EnvironmentError) throw caught;
      const failure = asFailure(caught);
      error = failure.toError();
      response = failure.response;
    } finally {
      deadline.dispose();
    }
    const result = buildResult({
      url: request.url,
      monitor: request.monitor,
      settings: request.settings,
      scannedAt,
      durationMs: performance.now() - started,
      depth,
      producer: {
        tool: this.deps.tool,
        fingerprints: this.deps.detection.version,
        detectionRules: this.deps.detection.rules,
        rulesHash: request.rulesHash,
      },
      page,
      response,
      error,
      extraPages: page?.extraPages ?? [],
      refusedRequests: page?.refusedRequests ?? 0,
    });
    const kept = request.settings.track.content && page?.rendered !== false ? page : null;
    return { result, text: kept?.assembled.text ?? null, blockTexts: kept?.assembled.blockTexts ?? null, artifacts: page?.artifacts ?? [] };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([this.#sampler.close(), this.#browsers.close()]);
    // After the browsers: a page still open sends its traffic through them.
    await this.#proxies.close();
  }

  async #scanPage(request: ScanRequest, depth: Depth, deadline: Deadline, id: string): Promise<PageScan> {
    const network = this.deps.network;
    await deadline.race(this.#sampler.ready());
    const tls = this.#trust.tlsOptions;
    const probe = request.url.startsWith('https:') ? probeHttp(request.url, { deadline, network, tls }) : Promise.resolve(null);
    probe.catch(() => undefined);
    const site = request.settings.track.technologies
      ? collectSiteSignals(request.url, { deadline, network, dns: this.deps.dns ?? null })
      : Promise.resolve(NO_SITE_SIGNALS);
    site.catch(() => undefined);
    if (depth === 'light') {
      const observed = await observeLight(request.url, { deadline, network, tls });
      const samples = await this.#sampler.sample(observed.finalUrl, { deadline, count: EXTRA_SAMPLES - 1 });
      return this.#finish(request, observed, probe, null, deadline, samples, await site);
    }
    await deadline.race(this.#proxies.ready());
    const lease = await this.#lease(deadline);
    const screenshotPath = depth === 'deep' && request.artifactsDir ? join(request.artifactsDir, `${id}.jpg`) : null;
    let visited: BrowserVisit;
    let stuck = false;
    try {
      visited = await visit(lease.live.browser, request.url, {
        deadline,
        documentTimeoutMs: request.settings.documentTimeoutSeconds * 1000,
        renderers: lease.live.renderers,
        plan: this.deps.detection.plan,
        screenshotPath,
        morePages: depth === 'deep' ? request.settings.maxPages - 1 : 0,
        pickPages: (html, finalUrl) => pickDeepPages(parseDocument(html, finalUrl).links, finalUrl),
        renderAgain: (rendered, served) => request.settings.track.content && hasClientText(rendered, served, request.url, request.settings),
        network: this.deps.network,
        proxies: this.#proxies,
        onBrowserStuck: () => {
          stuck = true;
        },
      });
      if (stuck) lease.retire();
      else lease.release();
    } catch (error) {
      // After a renderer crash the browser is replaced: what the page did to it stays with it.
      if (stuck || (error instanceof ScanFailure && error.kind === 'renderer_crashed')) lease.retire();
      else lease.release();
      throw error;
    }
    // Sampled after the visit, so the samples do not compete with the page's own load; a
    // document that never arrived whole, or a page that was stopped, is not loaded again.
    const samples = visited.documentArrived && !visited.fromResponse ? await this.#sampler.sample(visited.page.finalUrl, { deadline }) : [];
    return this.#finish(request, await this.#withSource(visited, deadline), probe, visited, deadline, samples, await site);
  }

  /**
   * A stopped page whose renderer could not give the document it received (held by its
   * scripts) is read from one more HTTP load of it, so its static signals still count.
   */
  async #withSource(visited: BrowserVisit, deadline: Deadline): Promise<ObservedPage> {
    const { page } = visited;
    if (!visited.fromResponse || page.sourceHtml !== '') return page;
    const [sample] = await this.#sampler.sample(page.finalUrl, { deadline, count: 1 });
    const html = sample?.html ?? '';
    return { ...page, html, sourceHtml: html };
  }

  async #finish(
    request: ScanRequest,
    observed: ObservedPage,
    probe: Promise<HttpRoute | null>,
    visited: BrowserVisit | null,
    deadline: Deadline,
    samples: readonly DocumentSample[],
    site: SiteSignals,
  ): Promise<PageScan> {
    const document = parseDocument(observed.html, observed.finalUrl, request.settings.ignore.selectors);
    const failure = judgePage(observed, document);
    if (failure) throw failure;
    const probes = await this.#probe(request, observed, probe, visited !== null, deadline);
    const page = assemblePage(observed, request.settings, probes, document);
    // The document as served (the browser's own response, or the light fetch) is compared with
    // the samples; a rendered page only with its other renders, since scripts add text by design.
    const { assembled, performance } = withLoads(
      page,
      observed.performance,
      {
        ttfbMs: ttfbSamples(observed.performance.ttfbMs, samples, visited !== null),
        served: [observed.sourceHtml, ...samples.flatMap((sample) => (sample.html === null ? [] : [sample.html]))],
        rendered: visited && visited.rerenders.length > 0 ? [observed.html, ...visited.rerenders] : [],
      },
      observed,
      request.settings,
    );
    const { detect } = this.deps.detection;
    const extra = visited?.extraPages ?? [];
    const technologies = !request.settings.track.technologies
      ? []
      : mergeTechnologies([
          detect({ ...assembled.signals, ...site }),
          ...extra.map((page) =>
            detect(
              assemblePage({ ...observed, finalUrl: page.url, html: page.html, headers: page.headers, browser: page.browser }, request.settings, NO_PROBES)
                .signals,
            ),
          ),
        ]);
    // A page known by its response only was never measured, and its text is not what a visitor sees.
    const rendered = visited?.fromResponse !== true;
    return {
      observed,
      assembled,
      performance: rendered ? performance : null,
      rendered,
      technologies,
      extraPages: extra.map((page) => page.url),
      artifacts: visited?.screenshot ? [visited.screenshot] : [],
      partial: visited?.partial ?? null,
      refusedRequests: visited?.refusedRequests ?? 0,
    };
  }

  /**
   * The security grade's probes: the route from http:// and the CORS preflight. The preflight
   * is also Node's own check of the page's certificate: when extra CAs are trusted, Chromium
   * may have skipped its checks (trust.ts), so a browser scan whose page Node cannot verify
   * fails as `tls`, like a light scan of it would.
   */
  async #probe(request: ScanRequest, observed: ObservedPage, probe: Promise<HttpRoute | null>, browser: boolean, deadline: Deadline): Promise<ProbeFindings> {
    const trust = this.#trust;
    if (!request.settings.track.security && !(browser && verifiesCertificates(trust))) return NO_PROBES;
    const preflight = await corsPreflight(observed.finalUrl, { deadline, network: this.deps.network, tls: trust.tlsOptions });
    if (!preflight.answered && preflight.failure.kind === 'tls' && browser && verifiesCertificates(trust)) {
      const failure = new ScanFailure(
        'tls',
        `${preflight.failure.message} (the browser does not check certificates whose chain presents a CA from ${trust.file ?? 'NODE_EXTRA_CA_CERTS'}, so this check decides)`,
        observed.status,
      );
      failure.response = observed;
      throw failure;
    }
    return { httpRoute: httpRouteOf(observed, await probe), preflight: preflight.answered ? preflight.headers : null };
  }

  get #trust(): Trust {
    return this.deps.trust ?? DEFAULT_TRUST;
  }

  #launch() {
    const chromium = this.deps.chromium;
    if (!chromium) throw new Error('no browser: this scanner is light-only');
    return launchChromium(chromium, { trustArgs: this.#trust.chromiumArgs });
  }

  /** A lease on the browser within the deadline; one granted after the deadline is given back at once. */
  async #lease(deadline: Deadline): Promise<BrowserLease> {
    const leasing = this.#browsers.acquire();
    try {
      return await deadline.race(leasing);
    } catch (error) {
      leasing.then(
        (lease) => lease.release(),
        () => undefined,
      );
      throw error;
    }
  }
}

/**
 * A scan's TTFB samples: the HTTP samples that could be timed (none, on a machine too busy to
 * time them: the scan then says nothing about TTFB), and a light scan's own page fetch. A
 * browser's reading is not one: it comes from a renderer sharing the machine with the other
 * scans, and varies more with the machine's load than with the site.
 */
function ttfbSamples(pageTtfb: number | null, samples: readonly DocumentSample[], browser: boolean): number[] {
  const timed = samples.flatMap((sample) => (sample.ttfbMs === null ? [] : [sample.ttfbMs]));
  return browser || pageTtfb === null ? timed : [pageTtfb, ...timed];
}

/** Whether scripts wrote text into the page that the served document does not have. */
function hasClientText(rendered: string, served: string, url: string, settings: ScanSettings): boolean {
  const blocks = (html: string) => hashBlocks(parseDocument(html, url, settings.ignore.selectors).blocks, settings.ignore.patterns).hashes;
  const fromServer = new Set(blocks(served));
  return blocks(rendered).some((hash) => !fromServer.has(hash));
}

function shallower(wanted: Depth, max: Depth): Depth {
  return DEPTHS.indexOf(wanted) <= DEPTHS.indexOf(max) ? wanted : max;
}

/** Known failures keep their kind; anything else is recorded as internal, with its message. */
function asFailure(error: unknown): ScanFailure {
  if (error instanceof ScanFailure) return error;
  return new ScanFailure('internal', `unexpected error in the scan: ${shortMessage(error)}`);
}
