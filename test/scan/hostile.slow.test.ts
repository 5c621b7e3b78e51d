import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scripts/scan/index.ts';
import type { ScanOutcome } from '../../scripts/scan/contract.ts';
import { LIMITS } from '../../scripts/scan/limits.ts';
import { scanResultSchema, type ScanErrorKind } from '../../scripts/schema/scan.ts';
import { HOSTILE_PAGES, startHostileSite, type FixtureServer, type HostilePage } from '../helpers/fixture-server.ts';
import { scanUrl, settings } from './support.ts';

/**
 * Every page of the hostile suite (scripts/bench/hostile-sites.ts), scanned at standard depth
 * with the default settings by one real Chromium and the real fingerprints: each ends within
 * HOSTILE_BOUND_MS with the outcome the table says. A page whose HTTP response already showed
 * something (headers, a generator tag, a script) keeps it: its security headers and grade and
 * its static technologies, even when its scripts never let it be read.
 */

/** The bound for every case: generous beside the 15 s document deadline, not a timing target. */
const HOSTILE_BOUND_MS = 30_000;
/** Scans at once on the shared browser: the suite is about 100 s one by one. */
const POOL = 3;
/** A case may wait for the pool before its own scan starts. */
const CASE_TIMEOUT = { timeout: 180_000 };

/** What the pages served with STATIC_HEADERS and STATIC_HEAD show without running a script. */
const STATIC_TECHNOLOGIES = ['PHP', 'WordPress'];
const STATIC_HEADER = 'strict-transport-security';

type Expectation =
  /** Scanned whole; `title` is the rendered page's. */
  | { readonly outcome: 'ok'; readonly title: string; readonly fromServer: boolean }
  /**
   * Ok but partial, for the reason `why` says. `title`: the page was read (content kept) and
   * has this title; null: it is known by its HTTP response only (no content, no measurements).
   */
  | { readonly outcome: 'partial'; readonly why: RegExp; readonly title: string | null; readonly fromServer: boolean }
  /** Failed with `kind`; nothing of the page is recorded. */
  | { readonly outcome: 'failed'; readonly kind: ScanErrorKind };

/** `fromServer`: the page is served with the static headers and tags, so they must be in the result. */
const ok = (title: string, fromServer = true): Expectation => ({ outcome: 'ok', title, fromServer });
const partial = (why: RegExp, title: string | null): Expectation => ({ outcome: 'partial', why, title, fromServer: true });
const failed = (kind: ScanErrorKind): Expectation => ({ outcome: 'failed', kind });

const FROM_RESPONSE = /scanned from its HTTP response/;
const NOT_LOADED = /had not finished loading after 15 s/;
const SHORT_DOCUMENT_SECONDS = 5;

/**
 * Each page → the outcomes it may have. Two where two bounds race and either may end the page
 * first: the renderer's memory budget (LIMITS.maxRendererBytes) against the body cap or the
 * node budget; a 200,000-element page needs about 490 MB of renderer memory once loaded.
 */
const EXPECTED: Readonly<Record<HostilePage, readonly Expectation[]>> = {
  'an endless redirect': [failed('too_many_redirects')],
  'a redirect loop': [failed('too_many_redirects')],
  'a chain of 25 redirects': [failed('too_many_redirects')],
  'a chain of 9 redirects': [ok('Arrived', false)],
  // The status line and then headers that never end: no response to keep.
  'slowloris headers': [failed('timeout')],
  'an endless chunked body': [partial(NOT_LOADED, 'Still loading')],
  'a 50 MB body': [failed('body_too_large')],
  'a 50 MB chunked body': [failed('body_too_large'), failed('renderer_crashed')],
  'a gzip bomb': [failed('body_too_large')],
  '200 KB of headers': [ok('Heavy headers')],
  'invalid UTF-8': [ok('Mojibake')],
  'binary served as HTML': [failed('not_html')],
  'a download': [failed('not_html')],
  'HTML as an attachment': [failed('not_html')],
  'a JS busy loop': [partial(/while the page was loading, its scripts kept the browser busy/, null)],
  'a JS busy loop after load': [partial(/the page loaded, then its scripts kept the browser busy/, null)],
  // On a starved CPU, V8's last garbage collections near the heap cap can outlast the busy bound.
  'a JS memory hog': [failed('renderer_crashed'), partial(/while the page was loading, its scripts kept the browser busy/, null)],
  'an array-buffer hog': [failed('renderer_crashed')],
  // The dialogs are dismissed, but the loop never yields: stopped like a busy loop.
  'endless alert()': [partial(FROM_RESPONSE, null)],
  'a window.open storm': [ok('Popups', false)],
  // The requests in flight at the cap still finish; on a starved CPU decoding their answers can
  // hold the renderer past the busy bound, and the page is read from its response.
  '5,000 subresources': [
    partial(new RegExp(`more than ${LIMITS.maxRequests} requests; later ones were blocked`), 'Gallery'),
    partial(new RegExp(`more than ${LIMITS.maxRequests} requests, then its scripts kept the browser busy`), null),
  ],
  // Chromium's layout overflows its stack on 200,000 nested elements, whatever the budgets.
  'a 200,000-node deep DOM': [failed('renderer_crashed')],
  'a 200,000-node wide DOM': [partial(new RegExp(`the first ${LIMITS.maxDomNodes} were read`), 'Wide'), failed('renderer_crashed')],
  'a document.write storm': [partial(FROM_RESPONSE, null), failed('renderer_crashed')],
  'a self-navigation loop': [ok('Again')],
  'a reload before load': [ok('Sooner')],
  'WebSocket and EventSource spam': [ok('Live')],
  'service-worker spam': [ok('Offline ready')],
  'a connection reset': [failed('connection_reset')],
  'a reset halfway through the body': [failed('connection_reset')],
  'a bot challenge': [failed('blocked')],
  'a reloading bot challenge': [failed('blocked')],
};

/** The expectation whose outcome the result has, or the first one (so a mismatch reports against it). */
function expectationFor(expectations: readonly Expectation[], outcome: ScanOutcome): Expectation | undefined {
  const { result } = outcome;
  const matches = (expectation: Expectation) =>
    expectation.outcome === 'failed' ? result.error?.kind === expectation.kind : expectation.outcome === (result.error ? result.error.kind : 'ok');
  return expectations.find(matches) ?? expectations[0];
}

function checkOutcome(expectation: Expectation, { result, text }: ScanOutcome): void {
  if (expectation.outcome === 'failed') {
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe(expectation.kind);
    // A failed scan records nothing as the site's: no content, text, technologies or grade.
    expect({ content: result.content, text, technologies: result.technologies, security: result.security }).toEqual({
      content: null,
      text: null,
      technologies: [],
      security: null,
    });
    return;
  }
  expect(result.ok).toBe(true);
  if (expectation.outcome === 'ok') expect(result.error).toBeUndefined();
  else {
    expect(result.error?.kind).toBe('partial');
    expect(result.error?.message).toMatch(expectation.why);
  }
  if (expectation.title !== null) expect(result.content?.title).toBe(expectation.title);
  else expect({ content: result.content, text, performance: result.performance }).toEqual({ content: null, text: null, performance: null });
  if (expectation.fromServer) {
    // What the HTTP response showed: its headers, the grade they earn, the technologies its headers and document name.
    expect(result.status).toBe(200);
    expect(Object.keys(result.security?.headers ?? {})).toContain(STATIC_HEADER);
    expect(result.security?.grade).toEqual(expect.any(String));
    expect(result.technologies.map((technology) => technology.name)).toEqual(expect.arrayContaining(STATIC_TECHNOLOGIES));
  }
}

/** At most `size` scans at once; each case waits for a place before its clock starts. */
function pool(size: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await work();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

let site: FixtureServer;
let scanner: Scanner;
const inPool = pool(POOL);

beforeAll(async () => {
  site = await startHostileSite();
  scanner = await createScanner({ browser: 'auto', offline: true, allowPrivateNetworks: true });
});
afterAll(async () => {
  await scanner?.close();
  await site?.close();
});

/** One scan of `path` with the default settings, timed from when it starts. */
function scanTimed(path: string): Promise<{ outcome: ScanOutcome; ms: number }> {
  return inPool(async () => {
    const started = performance.now();
    const outcome = await scanUrl(scanner, site.url(path), settings('standard', { timeoutSeconds: 60 }));
    return { outcome, ms: performance.now() - started };
  });
}

describe('every hostile page ends within 30 s with its expected outcome', () => {
  it('every page of the suite has an expectation', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(HOSTILE_PAGES).sort());
  });

  it.concurrent.each(Object.entries(HOSTILE_PAGES))('%s (%s)', CASE_TIMEOUT, async (name, path) => {
    const expectations = EXPECTED[name as HostilePage] ?? [];
    expect(expectations, `no expectation for ${name}`).not.toHaveLength(0);
    const { outcome, ms } = await scanTimed(path);
    expect(ms).toBeLessThan(HOSTILE_BOUND_MS);
    expect(scanResultSchema.parse(outcome.result)).toEqual(outcome.result);
    const expectation = expectationFor(expectations, outcome);
    if (expectation) checkOutcome(expectation, outcome);
  });

  it.concurrent.each([
    ['a bot challenge', HOSTILE_PAGES['a bot challenge'], 'Cloudflare'],
    ['a reloading bot challenge', HOSTILE_PAGES['a reloading bot challenge'], 'Imperva'],
  ] as const)('%s (%s) is reported as blocked, by a %s challenge, its text never as the site content', CASE_TIMEOUT, async (_name, path, vendor) => {
    const { outcome } = await scanTimed(path);
    expect(outcome.result.error?.kind).toBe('blocked');
    expect(outcome.result.error?.message).toContain(`${vendor} bot challenge`);
    expect(outcome.result.status).toBe(403);
    expect({ content: outcome.result.content, text: outcome.text, blockTexts: outcome.blockTexts }).toEqual({ content: null, text: null, blockTexts: null });
  });

  it.concurrent('the document deadline is configurable: an endless body read at a shorter one', CASE_TIMEOUT, async () => {
    const { result } = await inPool(() =>
      scanUrl(
        scanner,
        site.url(HOSTILE_PAGES['an endless chunked body']),
        settings('standard', { timeoutSeconds: 60, documentTimeoutSeconds: SHORT_DOCUMENT_SECONDS }),
      ),
    );
    expect(result.error?.kind).toBe('partial');
    expect(result.error?.message).toContain(`had not finished loading after ${SHORT_DOCUMENT_SECONDS} s`);
  });

  it.concurrent('after a page crashes the renderer, the next page scans whole in a fresh browser', CASE_TIMEOUT, async () => {
    const { crashed, after } = await inPool(async () => {
      // Array buffers grow past the memory budget while the page still answers: a crash every time.
      const crash = await scanUrl(scanner, site.url(HOSTILE_PAGES['an array-buffer hog']), settings('standard', { timeoutSeconds: 60 }));
      const next = await scanUrl(scanner, site.url('/chain?left=0'), settings('standard', { timeoutSeconds: 60 }));
      return { crashed: crash, after: next };
    });
    expect(crashed.result.error?.kind).toBe('renderer_crashed');
    expect(after.result.ok).toBe(true);
    expect(after.result.error).toBeUndefined();
    expect(after.text).toBe('Arrived At the end of the chain.');
  });
});
