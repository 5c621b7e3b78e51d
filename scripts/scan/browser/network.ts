import type { CDPSession } from 'playwright';
import type { Performance } from '../../schema/scan.ts';
import { LIMITS } from '../limits.ts';
import { kindOfBrowserError, ScanFailure } from '../failure.ts';

/**
 * The page's network as Chromium's DevTools protocol reports it: every request with its type
 * and bytes on the wire, the main document's size as it streams (a 50 MB body fails at 10 MB,
 * not after), its redirect count, XHR hosts, and the request cap. One per page visit.
 */
export class NetworkLog {
  readonly #types = new Map<string, string>();
  readonly #bytes = new Map<string, number>();
  readonly #inFlight = new Set<string>();
  readonly #xhrHosts = new Set<string>();
  readonly #scripts: string[] = [];
  readonly #styles: string[] = [];
  #documentId: string | null = null;
  #documentUrl: string | null = null;
  #documentBytes = 0;
  #documentRedirects = 0;
  #documentAnswered = false;
  #documentDone = false;
  #requests = 0;
  #lastActivity = Date.now();
  #capped = false;
  #hostile: ((failure: ScanFailure) => void) | null = null;
  #reachedCap: () => void = () => undefined;
  #documentEnded: () => void = () => undefined;
  #whenDocumentDone = new Promise<void>((resolve) => (this.#documentEnded = resolve));
  readonly #whenCapped = new Promise<void>((resolve) => (this.#reachedCap = resolve));
  /** Rejects when the main document breaks a limit (size, redirects); never resolves. */
  readonly hostile: Promise<never>;

  constructor(
    private readonly cdp: CDPSession,
    private readonly topFrameId: string,
  ) {
    this.hostile = new Promise<never>((_, reject) => (this.#hostile = reject));
    this.hostile.catch(() => undefined);
    cdp.on('Network.requestWillBeSent', (event) => {
      this.#touch();
      this.#requests += 1;
      this.#inFlight.add(event.requestId);
      if (event.type) this.#types.set(event.requestId, event.type.toLowerCase());
      const isDocument = event.type === 'Document' && event.frameId === this.topFrameId && event.requestId === event.loaderId;
      if (isDocument) {
        this.#documentUrl = event.request.url;
        if (event.redirectResponse && event.requestId === this.#documentId) {
          this.#documentRedirects += 1;
          if (this.#documentRedirects > LIMITS.maxRedirects) {
            this.#fail(
              new ScanFailure(
                'too_many_redirects',
                `more than ${LIMITS.maxRedirects} redirects, last to ${event.request.url.slice(0, 200)}`,
                event.redirectResponse.status,
              ),
            );
          }
        } else {
          this.#documentId = event.requestId;
          this.#documentBytes = 0;
          this.#documentRedirects = 0;
          this.#documentAnswered = false;
          if (this.#documentDone) this.#whenDocumentDone = new Promise<void>((resolve) => (this.#documentEnded = resolve));
          this.#documentDone = false;
        }
      }
      if ((event.type === 'XHR' || event.type === 'Fetch') && this.#xhrHosts.size < LIMITS.maxXhrHosts) {
        const host = hostname(event.request.url);
        if (host) this.#xhrHosts.add(host);
      }
      if (this.#requests > LIMITS.maxRequests && !this.#capped) {
        this.#capped = true;
        this.#reachedCap();
        void this.cdp.send('Network.setBlockedURLs', { urls: ['*'] }).catch(() => undefined);
      }
    });
    cdp.on('Network.dataReceived', (event) => {
      this.#touch();
      if (event.requestId !== this.#documentId) return;
      this.#documentBytes += event.dataLength;
      if (this.#documentBytes > LIMITS.maxDocumentBytes) {
        this.#fail(new ScanFailure('body_too_large', `the document is over the ${LIMITS.maxDocumentBytes}-byte limit`));
      }
    });
    cdp.on('Network.responseReceived', (event) => {
      this.#touch();
      if (event.requestId !== this.#documentId) return;
      this.#documentAnswered = true;
      const declared = Number(event.response.headers['content-length'] ?? event.response.headers['Content-Length']);
      if (Number.isFinite(declared) && declared > LIMITS.maxDocumentBytes) {
        this.#fail(
          new ScanFailure('body_too_large', `the document is ${declared} bytes, over the ${LIMITS.maxDocumentBytes}-byte limit`, event.response.status),
        );
      }
    });
    cdp.on('Network.loadingFinished', (event) => {
      this.#touch();
      if (event.requestId === this.#documentId) {
        this.#documentDone = true;
        this.#documentEnded();
      }
      this.#inFlight.delete(event.requestId);
      this.#bytes.set(event.requestId, event.encodedDataLength);
      const type = this.#types.get(event.requestId);
      if (type === 'script' && this.#scripts.length < LIMITS.maxBodiesKept && event.encodedDataLength <= LIMITS.maxBodyKeptBytes)
        this.#scripts.push(event.requestId);
      if (type === 'stylesheet' && this.#styles.length < LIMITS.maxBodiesKept && event.encodedDataLength <= LIMITS.maxBodyKeptBytes)
        this.#styles.push(event.requestId);
    });
    cdp.on('Network.loadingFailed', (event) => {
      this.#touch();
      this.#inFlight.delete(event.requestId);
      // A document whose connection broke after its response began is cut short: the browser
      // shows what arrived and never fires `load`. A light scan reads the same as a reset.
      if (event.requestId === this.#documentId && this.#documentAnswered && !event.canceled && kindOfBrowserError(event.errorText) === 'connection_reset') {
        this.#fail(new ScanFailure('connection_reset', `the connection broke while the document was arriving (${event.errorText})`));
      }
    });
  }

  /** True when the page hit the request cap and later requests were blocked. */
  get capped(): boolean {
    return this.#capped;
  }

  /** Resolves when the page hits the request cap (at once if it has). */
  get whenCapped(): Promise<void> {
    return this.#whenCapped;
  }

  /** Milliseconds since the last network event while nothing is in flight; 0 while busy. */
  quietForMs(now = Date.now()): number {
    return this.#inFlight.size > 0 ? 0 : now - this.#lastActivity;
  }

  /** True once the main document's body has arrived whole. */
  get documentDone(): boolean {
    return this.#documentDone;
  }

  /** Resolves when the main document's body has arrived whole (the current document's, at the time of asking). */
  get whenDocumentDone(): Promise<void> {
    return this.#whenDocumentDone;
  }

  /** The URL the main document was last requested at (a redirect's target once it is followed). */
  get documentUrl(): string | null {
    return this.#documentUrl;
  }

  get xhrHosts(): string[] {
    return [...this.#xhrHosts].sort();
  }

  /** Totals for the performance summary. */
  accounting(): Pick<Performance, 'transferBytes' | 'requests' | 'byType'> {
    const byType: Performance['byType'] = {};
    let transferBytes = 0;
    for (const [requestId, type] of this.#types) {
      const bytes = Math.max(0, Math.round(this.#bytes.get(requestId) ?? 0));
      transferBytes += bytes;
      const entry = (byType[type] ??= { requests: 0, bytes: 0 });
      entry.requests += 1;
      entry.bytes += bytes;
    }
    return { transferBytes, requests: this.#requests, byType };
  }

  /** Script and stylesheet bodies (bounded), fetched from the browser's cache of responses. */
  async bodies(): Promise<{ scripts: string[]; styles: string[] }> {
    const read = (requestId: string) =>
      this.cdp.send('Network.getResponseBody', { requestId }).then(
        (body) => (body.base64Encoded ? Buffer.from(body.body, 'base64').toString('utf8') : body.body),
        // Chromium evicts bodies under memory pressure; a missing body only narrows detection.
        () => '',
      );
    const [scripts, styles] = await Promise.all([Promise.all(this.#scripts.map(read)), Promise.all(this.#styles.map(read))]);
    return { scripts: scripts.filter(Boolean), styles: styles.filter(Boolean) };
  }

  #touch(): void {
    this.#lastActivity = Date.now();
  }

  #fail(failure: ScanFailure): void {
    this.#hostile?.(failure);
    this.#hostile = null;
  }
}

function hostname(url: string): string | null {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}
