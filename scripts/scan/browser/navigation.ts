import type { CDPSession, Page, Response } from 'playwright';
import { sleep, type Deadline } from '../deadline.ts';
import { kindOfBrowserError, ScanFailure, shortMessage } from '../failure.ts';
import { LIMITS } from '../limits.ts';
import type { BrowserProxy } from '../guard/proxies.ts';
import type { NetworkLog } from './network.ts';
import type { PageTrouble } from './page-trouble.ts';

/**
 * Loading the page, in two bounds: the response must arrive within the document deadline (or
 * the scan fails with `timeout`), and the page should have loaded by then too. A page that has
 * not — a body that never ends, a request that never answers, a script that never yields —
 * is read as it is, and the visit says so; so is one that hit the request cap. A page whose
 * main thread stops answering for the collection's time is busy: waiting longer for it would
 * only wait for the document deadline, so the wait ends there.
 */

export interface DocumentBound {
  /** When the document's time is up (Date.now() clock). */
  readonly until: number;
  /** The bound as configured, for messages. */
  readonly seconds: number;
}

export type LoadState = 'loaded' | 'unfinished' | 'capped' | 'busy';

/** How often the page's main thread is asked whether it still answers. */
const HEARTBEAT_MS = 500;

/** Navigates until the response has arrived (its redirects followed); the page may still be loading. */
export async function navigate(
  page: Page,
  url: string,
  bound: DocumentBound,
  context: { network: NetworkLog; proxy: BrowserProxy; deadline: Deadline; trouble: PageTrouble },
): Promise<Response> {
  const { network, proxy, deadline, trouble } = context;
  const navigation = page.goto(url, { waitUntil: 'commit', timeout: Math.max(1, bound.until - Date.now()) });
  let response: Response | null;
  try {
    response = await trouble.step(deadline, navigation);
  } catch (caught) {
    const error = await trouble.explain(caught);
    // The browser only sees that its proxy failed; the proxy knows why (refused, no such host, …).
    const viaProxy = error instanceof ScanFailure || deadline.signal.aborted ? undefined : await proxy.failureFor(network.documentUrl ?? url);
    throw viaProxy ?? navigationFailure(error, url, bound, deadline);
  }
  if (response === null) throw new ScanFailure('internal', `navigating to ${url} produced no response`);
  return response;
}

/** Waits for the page's `load` until the document deadline, or until it hits the request cap. */
export async function waitForLoad(
  page: Page,
  bound: DocumentBound,
  context: { cdp: CDPSession; network: NetworkLog; deadline: Deadline; trouble: PageTrouble },
): Promise<LoadState> {
  const { cdp, network, deadline, trouble } = context;
  const remaining = bound.until - Date.now();
  if (remaining <= 0) return 'unfinished';
  const stop = new AbortController();
  try {
    return await trouble.step(
      deadline,
      Promise.race([
        page.waitForLoadState('load', { timeout: remaining }).then(
          (): LoadState => 'loaded',
          (): LoadState => 'unfinished',
        ),
        network.whenCapped.then((): LoadState => 'capped'),
        sleep(remaining, stop.signal).then((): LoadState => 'unfinished'),
        whenUnresponsive(cdp, stop.signal).then((): LoadState => 'busy'),
      ]),
    );
  } catch (caught) {
    throw await trouble.explain(caught);
  } finally {
    stop.abort();
  }
}

/**
 * Resolves once the page's main thread has not answered a trivial evaluation within
 * LIMITS.collectTimeoutMs (a script that never yields); never while it answers, even with an
 * error (a navigation in between destroys the context it was asked in, which is an answer).
 */
async function whenUnresponsive(cdp: CDPSession, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const asked = cdp.send('Runtime.evaluate', { expression: '0', returnByValue: true }).then(
      () => true,
      () => true,
    );
    const answered = await Promise.race([asked, sleep(LIMITS.collectTimeoutMs, signal).then(() => false)]);
    if (!answered && !signal.aborted) return;
    await sleep(HEARTBEAT_MS, signal);
  }
  await new Promise<never>(() => undefined);
}

function navigationFailure(error: unknown, url: string, bound: DocumentBound, deadline: Deadline): ScanFailure {
  if (error instanceof ScanFailure) return error;
  if (deadline.signal.aborted) return deadline.failure();
  const message = shortMessage(error);
  const kind = kindOfBrowserError(message);
  if (kind === 'not_html') return new ScanFailure('not_html', `${url} is a download, not a page`);
  if (kind) return new ScanFailure(kind, `${url}: ${message}`);
  if (error instanceof Error && error.name === 'TimeoutError') return new ScanFailure('timeout', `${url} sent no page within ${bound.seconds} s`);
  return new ScanFailure('browser', `${url}: ${message}`);
}
