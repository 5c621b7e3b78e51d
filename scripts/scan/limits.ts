/**
 * Bounds that keep a hostile or broken site from hanging or exhausting the run. Each one is a
 * named constant so the README, the tests and the code agree on the numbers.
 */
export const LIMITS = {
  /** Main document body; bigger documents fail with `body_too_large`. */
  maxDocumentBytes: 10 * 1024 * 1024,
  /** Redirect hops followed before `too_many_redirects` (browsers stop at 20). */
  maxRedirects: 10,
  /** Requests one page may make in the browser; later ones are blocked and the scan is `partial`. */
  maxRequests: 400,
  /** Script and stylesheet bodies kept for detection: count and size of each. */
  maxBodiesKept: 24,
  maxBodyKeptBytes: 512 * 1024,
  /** HTML handed to detection and content extraction. */
  maxHtmlChars: 2 * 1024 * 1024,
  /** Visible text kept in the outcome (for content excerpts). */
  maxTextChars: 200_000,
  /** Text blocks compared per page (in document order), and characters kept per block for excerpts. */
  maxBlocks: 400,
  maxBlockChars: 300,
  /** Headings kept in the content outline, and characters per heading. */
  maxHeadings: 60,
  maxHeadingChars: 200,
  /** Characters kept per security header value. */
  maxHeaderChars: 1_024,
  /** Distinct XHR hostnames kept. */
  maxXhrHosts: 100,
  /** After `load`, wait until the network has been quiet this long (bounded by the cap). */
  settleQuietMs: 300,
  settleCapMs: 1_000,
  /** Probe of http:// for the redirection test when the page itself is https. */
  httpProbeTimeoutMs: 5_000,
  /** /robots.txt, fetched beside the page for detection: time and size (bigger files are skipped). */
  robotsTimeoutMs: 3_000,
  maxRobotsBytes: 512 * 1024,
  /** The DNS records detection reads (TXT, MX, NS, SOA, CNAME), all queries together, and values kept per type. */
  dnsTimeoutMs: 2_000,
  maxDnsValues: 50,
  /** Closing a browser context; a renderer stuck in a busy loop must not hold the run. */
  closeTimeoutMs: 5_000,
  /** Opening a context or a page: a browser that takes longer has stopped answering, and is replaced. */
  browserAnswerTimeoutMs: 10_000,
  /**
   * In-page collection: the time it may take (a page whose scripts hold the renderer longer is
   * scanned from its HTTP response), and the elements it reads. A page with more elements is
   * read as its first `maxDomNodes`, in document order, and the scan is partial.
   */
  collectTimeoutMs: 5_000,
  maxDomNodes: 30_000,
  /** Each step of stopping a busy page (disabling its scripts, ending the one running). */
  stopPageTimeoutMs: 2_000,
  /** Reading what the browser holds of a page (its source, script bodies): past it, the scan goes on without. */
  readTimeoutMs: 5_000,
  /** The JavaScript heap of a renderer (V8's old space), in MB: past it the renderer stops itself. */
  rendererHeapMb: 192,
  /**
   * Memory of a renderer process outside what the JavaScript heap cap bounds too (array
   * buffers, the DOM, layout): a renderer with more private memory than this is stopped.
   */
  maxRendererBytes: 256 * 1024 * 1024,
  rendererMemoryCheckMs: 20,
  /** WebSockets, and event streams, a page's document may open (in-page.js). */
  maxSocketsPerDocument: 32,
} as const;

/** What the scanner says it is. A current desktop Chrome, so sites serve their normal page. */
export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export const ACCEPT_HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
export const ACCEPT_LANGUAGE = 'en-US,en;q=0.9';
