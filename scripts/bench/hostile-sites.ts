import { createGzip } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { html, page, startFixtureServer, type FixtureServer, type RouteHandler } from '../demo/site-server.ts';

/**
 * The hostile and broken pages a scan must survive, as routes of a fixture site on 127.0.0.1:
 * the scan tests (test/scan/hostile.slow.test.ts) assert how each ends and how fast, and
 * `npm run bench:scan` measures the memory each one costs. Each route imitates something real
 * sites do by accident or on purpose; none needs anything but loopback.
 */

/** A page with the things a scan can read without running it: headers, a generator tag, a script. */
const STATIC_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'x-powered-by': 'PHP/8.2.12',
  'strict-transport-security': 'max-age=63072000',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
const STATIC_HEAD = '<meta name="generator" content="WordPress 6.4.2">';

/** An ordinary-looking page whose `script` makes it hostile; served with STATIC_HEADERS. */
function scripted(title: string, body: string, script: string): RouteHandler {
  return html(page(`${body}<script>${script}</script>`, { title, head: STATIC_HEAD }), STATIC_HEADERS);
}

function query(request: IncomingMessage, name: string): number {
  return Number(new URL(request.url ?? '/', 'http://fixture').searchParams.get(name) ?? '0');
}

export const HOSTILE = {
  /** Every redirect leads to another, forever. */
  endlessRedirect: ((request, response) => {
    response.writeHead(302, { location: `/redirect-loop?hop=${query(request, 'hop') + 1}` });
    response.end();
  }) satisfies RouteHandler,
  /** Two URLs that redirect to each other. */
  redirectCycle: ((request, response) => {
    response.writeHead(301, { location: new URL(request.url ?? '/', 'http://fixture').pathname === '/cycle-a' ? '/cycle-b' : '/cycle-a' });
    response.end();
  }) satisfies RouteHandler,
  /** `?left=n`: n more redirects, then an ordinary page. */
  redirectChain: ((request, response) => {
    const left = query(request, 'left');
    if (left <= 0) return html(page('<h1>Arrived</h1><p>At the end of the chain.</p>', { title: 'Arrived' }))(request, response);
    response.writeHead(302, { location: `/chain?left=${left - 1}` });
    response.end();
  }) satisfies RouteHandler,
  /** The status line, then one byte of headers a second: the headers never end. */
  slowloris: ((request) => {
    const socket = request.socket;
    socket.write('HTTP/1.1 200 OK\r\n');
    const timer = setInterval(() => socket.write('X'), 1_000);
    socket.on('close', () => clearInterval(timer));
  }) satisfies RouteHandler,
  /** Headers, the start of a page, then a trickle of bytes that never ends (chunked). */
  neverEndingBody: ((request, response) => {
    response.writeHead(200, STATIC_HEADERS);
    response.write(`<!DOCTYPE html><html><head><title>Still loading</title>${STATIC_HEAD}</head><body><h1>Still loading</h1><p>`);
    const timer = setInterval(() => response.write('.'), 200);
    request.socket.on('close', () => clearInterval(timer));
  }) satisfies RouteHandler,
  /** A 50 MB page, streamed, with an honest Content-Length. */
  hugeBody: ((request, response) => streamBytes(request, response, 50 * 1024 * 1024, true)) satisfies RouteHandler,
  /** The same 50 MB without Content-Length (chunked): the cap must count the bytes. */
  hugeChunkedBody: ((request, response) => streamBytes(request, response, 50 * 1024 * 1024, false)) satisfies RouteHandler,
  /** About 250 KB of gzip that inflates to 256 MB of HTML. */
  gzipBomb: (async (_request, response) => {
    const body = await gzipBomb();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'content-length': String(body.length) });
    response.end(body);
  }) satisfies RouteHandler,
  /** 200 KB of response headers (Chromium takes up to 256 KB; Node's client 16 KB). */
  hugeHeaders: ((_request, response) => {
    const padding = 'x'.repeat(1_000);
    const headers: Record<string, string> = { ...STATIC_HEADERS };
    for (let index = 0; index < 200; index += 1) headers[`x-padding-${index}`] = padding;
    response.writeHead(200, headers);
    response.end(page('<h1>Heavy headers</h1><p>A page behind 200 KB of headers.</p>', { title: 'Heavy headers', head: STATIC_HEAD }));
  }) satisfies RouteHandler,
  /** UTF-8 declared, with byte sequences that are not UTF-8 between the words. */
  invalidUtf8: ((_request, response) => {
    response.writeHead(200, STATIC_HEADERS);
    const broken = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe]);
    response.end(
      Buffer.concat([
        Buffer.from(`<!DOCTYPE html><html><head><title>Mojibake</title>${STATIC_HEAD}</head><body><h1>Caf`),
        broken,
        Buffer.from('</h1><p>Prices in '),
        broken,
        Buffer.from(' euros.</p></body></html>'),
      ]),
    );
  }) satisfies RouteHandler,
  /** 256 KB of noise served as text/html. */
  binaryAsHtml: ((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(noise(256 * 1024));
  }) satisfies RouteHandler,
  /** The main document is a file download. */
  download: ((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="report.bin"' });
    response.end(Buffer.alloc(64 * 1024, 7));
  }) satisfies RouteHandler,
  /** A page served as HTML that the browser still downloads (an attachment). */
  htmlAttachment: ((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-disposition': 'attachment; filename="index.html"' });
    response.end(page('<h1>Save me</h1>'));
  }) satisfies RouteHandler,
  /** A script in the body that never yields the main thread: the page never loads. */
  busyLoop: scripted('Busy', '<h1>Busy</h1><p>Loading the configurator.</p>', 'for (;;) {}'),
  /** The page loads, then a script never yields again. */
  busyAfterLoad: scripted(
    'Busy later',
    '<h1>Busy later</h1><p>Loaded, then busy.</p>',
    'addEventListener("load", () => setTimeout(() => { for (;;) {} }, 0));',
  ),
  /** Allocates JavaScript objects until the renderer runs out of memory. */
  memoryHog: scripted('Hungry', '<h1>Hungry</h1><p>Keeps everything.</p>', 'const kept = []; for (;;) kept.push(new Array(1e6).fill(Math.random()));'),
  /** The same after load, in array buffers, which live outside the JavaScript heap. */
  bufferHog: scripted(
    'Hungry later',
    '<h1>Hungry later</h1><p>Keeps every buffer.</p>',
    'const kept = []; addEventListener("load", () => setInterval(() => { for (let i = 0; i < 8; i += 1) kept.push(new Uint8Array(16 * 1024 * 1024).fill(1)); }, 10));',
  ),
  /** Alerts, confirms and prompts, forever. */
  endlessDialogs: scripted('Dialogs', '<h1>Dialogs</h1>', 'for (;;) { alert("Win a prize!"); confirm("Really?"); prompt("Your email?"); }'),
  /** Three alerts, then an ordinary page. */
  someDialogs: html(
    page('<h1>Welcome back</h1><p>Your order has shipped.</p><script>alert("one"); confirm("two"); prompt("three");</script>', { title: 'Dialogs' }),
  ),
  /** Opens popups on load, by the dozen, every 50 ms. */
  popups: html(
    page(
      '<h1>Deals</h1><p>Today only.</p><script>window.open("/popup-target"); setInterval(() => { for (let i = 0; i < 20; i += 1) window.open(i % 2 ? "about:blank" : "/popup-target?" + i); }, 50);</script>',
      { title: 'Popups' },
    ),
  ),
  popupTarget: html(page('<h1>Popup</h1>')),
  /** 5,000 images: far past the request cap. */
  manyRequests: html(
    page(`<h1>Gallery</h1>${Array.from({ length: 5_000 }, (_, index) => `<img src="/img/${index}.png" alt="">`).join('')}`, {
      title: 'Gallery',
      head: STATIC_HEAD,
    }),
    STATIC_HEADERS,
  ),
  image: ((_request, response) => {
    response.writeHead(200, { 'content-type': 'image/png' });
    response.end(Buffer.alloc(64));
  }) satisfies RouteHandler,
  /** 200,000 elements nested in each other, built by a script. */
  deepDom: scripted(
    'Deep',
    '<h1>Deep</h1><p>A very nested layout.</p>',
    'let node = document.body; for (let i = 0; i < 200000; i += 1) { const child = document.createElement("div"); node.appendChild(child); node = child; } node.textContent = "bottom";',
  ),
  /** 200,000 elements side by side, served as HTML (about 2.6 MB). */
  wideDom: html(page(`<h1>Wide</h1>${'<p>row</p>'.repeat(200_000)}`, { title: 'Wide', head: STATIC_HEAD }), STATIC_HEADERS),
  /** 200,000 `document.write` calls while the page parses. */
  documentWriteStorm: scripted('Writes', '<h1>Writes</h1>', 'for (let i = 0; i < 200000; i += 1) document.write("<p>line " + i + " of the storm</p>");'),
  /** Navigates to itself again as soon as it has loaded, forever. */
  selfNavigation: scripted(
    'Again',
    '<h1>Again</h1><p>Once more.</p>',
    'addEventListener("load", () => setTimeout(() => location.replace(location.pathname + "?n=" + (Number(new URLSearchParams(location.search).get("n")) + 1)), 50));',
  ),
  /** Navigates to itself before it ever finishes loading. */
  selfNavigationEarly: scripted('Sooner', '<h1>Sooner</h1>', 'setTimeout(() => location.reload(), 20);'),
  /** Opens WebSockets and event streams without end (the server refuses every upgrade). */
  socketSpam: scripted(
    'Live',
    '<h1>Live prices</h1><p>Streaming.</p>',
    'setInterval(() => { for (let i = 0; i < 50; i += 1) { try { new WebSocket("ws://" + location.host + "/ws/" + i); new EventSource("/events/" + i); } catch {} } }, 20);',
  ),
  /** Registers service workers without end. */
  serviceWorkerSpam: scripted(
    'Offline ready',
    '<h1>Offline ready</h1><p>Installing.</p>',
    'setInterval(() => { for (let i = 0; i < 50; i += 1) navigator.serviceWorker?.register("/sw.js?v=" + Math.random()).catch(() => {}); }, 20);',
  ),
  serviceWorker: ((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/javascript' });
    response.end('self.addEventListener("fetch", () => {});');
  }) satisfies RouteHandler,
  /** Cloudflare's "Just a moment…" bot challenge. */
  cloudflareChallenge: html(
    page(
      '<div id="challenge-body-text">Checking if the site connection is secure</div><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>',
      {
        title: 'Just a moment...',
      },
    ),
    { server: 'cloudflare', 'cf-ray': '8c0a1b2c3d4e5f60-FRA', 'cf-mitigated': 'challenge' },
    403,
  ),
  /** A challenge that keeps the browser working: it reloads itself every half second, as a JS challenge retries. */
  reloadingChallenge: html(
    page(
      '<h1>Pardon Our Interruption</h1><p>Please wait while we check your browser.</p><script>setTimeout(() => location.reload(), 500); for (let i = 0; i < 1e8; i += 1) {}</script>',
      {
        title: 'Pardon Our Interruption',
      },
    ),
    {},
    403,
  ),
  /** The connection is dropped as soon as the request arrives. */
  reset: ((request) => {
    request.socket.destroy();
  }) satisfies RouteHandler,
  /** Headers and half a page, then the connection is dropped. */
  resetMidBody: ((request, response) => {
    response.writeHead(200, { ...STATIC_HEADERS, 'content-length': '100000' });
    response.write(`<!DOCTYPE html><html><head><title>Cut short</title>${STATIC_HEAD}</head><body><h1>Cut short</h1><p>Half a page`);
    setTimeout(() => request.socket.destroy(), 50);
  }) satisfies RouteHandler,
  json: ((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ok"}');
  }) satisfies RouteHandler,
} as const;

/** Where each hostile route is served on the hostile site. */
export const HOSTILE_ROUTES: Readonly<Record<string, RouteHandler>> = {
  '/redirect-loop': HOSTILE.endlessRedirect,
  '/cycle-a': HOSTILE.redirectCycle,
  '/cycle-b': HOSTILE.redirectCycle,
  '/chain': HOSTILE.redirectChain,
  '/slowloris': HOSTILE.slowloris,
  '/never-ending': HOSTILE.neverEndingBody,
  '/huge': HOSTILE.hugeBody,
  '/huge-chunked': HOSTILE.hugeChunkedBody,
  '/gzip-bomb': HOSTILE.gzipBomb,
  '/huge-headers': HOSTILE.hugeHeaders,
  '/invalid-utf8': HOSTILE.invalidUtf8,
  '/binary': HOSTILE.binaryAsHtml,
  '/download': HOSTILE.download,
  '/html-attachment': HOSTILE.htmlAttachment,
  '/busy': HOSTILE.busyLoop,
  '/busy-after-load': HOSTILE.busyAfterLoad,
  '/memory-hog': HOSTILE.memoryHog,
  '/buffer-hog': HOSTILE.bufferHog,
  '/dialogs': HOSTILE.endlessDialogs,
  '/some-dialogs': HOSTILE.someDialogs,
  '/popups': HOSTILE.popups,
  '/popup-target': HOSTILE.popupTarget,
  '/many-requests': HOSTILE.manyRequests,
  '/img/*': HOSTILE.image,
  '/deep-dom': HOSTILE.deepDom,
  '/wide-dom': HOSTILE.wideDom,
  '/document-write': HOSTILE.documentWriteStorm,
  '/self-navigation': HOSTILE.selfNavigation,
  '/self-navigation-early': HOSTILE.selfNavigationEarly,
  '/sockets': HOSTILE.socketSpam,
  '/service-workers': HOSTILE.serviceWorkerSpam,
  '/sw.js': HOSTILE.serviceWorker,
  '/challenge': HOSTILE.cloudflareChallenge,
  '/reloading-challenge': HOSTILE.reloadingChallenge,
  '/reset': HOSTILE.reset,
  '/reset-mid-body': HOSTILE.resetMidBody,
  '/status.json': HOSTILE.json,
};

/** The pages of the suite, by what they are: each is scanned on its own by the tests and the benchmark. */
export const HOSTILE_PAGES = {
  'an endless redirect': '/redirect-loop',
  'a redirect loop': '/cycle-a',
  'a chain of 25 redirects': '/chain?left=25',
  'a chain of 9 redirects': '/chain?left=9',
  'slowloris headers': '/slowloris',
  'an endless chunked body': '/never-ending',
  'a 50 MB body': '/huge',
  'a 50 MB chunked body': '/huge-chunked',
  'a gzip bomb': '/gzip-bomb',
  '200 KB of headers': '/huge-headers',
  'invalid UTF-8': '/invalid-utf8',
  'binary served as HTML': '/binary',
  'a download': '/download',
  'HTML as an attachment': '/html-attachment',
  'a JS busy loop': '/busy',
  'a JS busy loop after load': '/busy-after-load',
  'a JS memory hog': '/memory-hog',
  'an array-buffer hog': '/buffer-hog',
  'endless alert()': '/dialogs',
  'a window.open storm': '/popups',
  '5,000 subresources': '/many-requests',
  'a 200,000-node deep DOM': '/deep-dom',
  'a 200,000-node wide DOM': '/wide-dom',
  'a document.write storm': '/document-write',
  'a self-navigation loop': '/self-navigation',
  'a reload before load': '/self-navigation-early',
  'WebSocket and EventSource spam': '/sockets',
  'service-worker spam': '/service-workers',
  'a connection reset': '/reset',
  'a reset halfway through the body': '/reset-mid-body',
  'a bot challenge': '/challenge',
  'a reloading bot challenge': '/reloading-challenge',
} as const satisfies Readonly<Record<string, string>>;

export type HostilePage = keyof typeof HOSTILE_PAGES;

export function startHostileSite(): Promise<FixtureServer> {
  return startFixtureServer({ routes: HOSTILE_ROUTES });
}

function streamBytes(request: IncomingMessage, response: ServerResponse, total: number, declareLength: boolean): void {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(declareLength ? { 'content-length': String(total) } : {}) });
  const prefix = Buffer.from('<!DOCTYPE html><html><head><title>Huge</title></head><body>');
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = prefix.length;
  let closed = false;
  request.socket.on('close', () => (closed = true));
  response.write(prefix);
  const pump = () => {
    while (!closed && sent < total) {
      const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += part.length;
      if (!response.write(part)) return void response.once('drain', pump);
    }
    if (!closed) response.end();
  };
  pump();
}

const BOMB_INFLATED_BYTES = 256 * 1024 * 1024;
let bomb: Promise<Buffer> | null = null;

/** Made once per process, streaming, so the 256 MB never sit in memory. */
function gzipBomb(): Promise<Buffer> {
  bomb ??= new Promise<Buffer>((resolve, reject) => {
    const gzip = createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gzip.on('data', (part: Buffer) => parts.push(part));
    gzip.on('end', () => resolve(Buffer.concat(parts)));
    gzip.on('error', reject);
    const chunk = Buffer.alloc(1024 * 1024, ' ');
    gzip.write('<!DOCTYPE html><html><head><title>Bomb</title></head><body><p>');
    let written = 0;
    const pump = () => {
      while (written < BOMB_INFLATED_BYTES) {
        written += chunk.length;
        if (!gzip.write(chunk)) return void gzip.once('drain', pump);
      }
      gzip.end();
    };
    pump();
  });
  return bomb;
}

/** Deterministic bytes that are not text (a linear congruential generator, so every run serves the same). */
function noise(bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  let state = 0x2545f491;
  for (let index = 0; index < bytes; index += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    buffer[index] = state >>> 24;
  }
  return buffer;
}
