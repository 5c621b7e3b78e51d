import { pick, shuffled, token, uuid, type Random } from './random.ts';

/**
 * What real pages change on every visit without the page changing — each kind switchable, so
 * a corpus site can carry any mix. Server-rendered noise is made per request here; a
 * client-rendered page makes the same kinds in the browser (CLIENT_NOISE_SCRIPT).
 */

export const NOISE_KINDS = ['nonce', 'csrf', 'timestamp', 'requestId', 'promo', 'reorder', 'cookieBanner', 'counter', 'relativeTime'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

export const PROMOS = [
  'Spring sale: 20% off every plan until Sunday',
  'New: our mobile app is here',
  'Join the live webinar on Thursday',
  'Free shipping on orders over 50 euros',
] as const;

/** The noisy parts of one server-rendered response. */
export interface NoiseParts {
  /** Inline script nonce, also in the CSP header. */
  readonly nonce: string | null;
  readonly head: string;
  readonly top: string;
  readonly promo: string;
  readonly footer: string;
  readonly setCookie: string | null;
  readonly order: <T>(items: readonly T[]) => readonly T[];
}

export function serverNoise(kinds: ReadonlySet<NoiseKind>, random: Random, now: Date): NoiseParts {
  const has = (kind: NoiseKind) => kinds.has(kind);
  const nonce = has('nonce') ? token(random, 22) : null;
  const csrf = has('csrf') ? token(random, 40) : null;
  const footer = [
    has('timestamp') ? `<p class="rendered">Rendered at ${now.toISOString()} in ${3 + Math.floor(random() * 90)} ms</p>` : '',
    has('requestId') ? `<p class="request">Request ID: ${uuid(random)}</p>` : '',
    has('relativeTime') ? `<p class="updated">Updated ${1 + Math.floor(random() * 59)} minutes ago</p>` : '',
    has('counter')
      ? `<p class="viewing">${(1000 + Math.floor(random() * 9000)).toLocaleString('en-US')} people are viewing this page</p><p>Visitors online: ${10 + Math.floor(random() * 80)}</p>`
      : '',
    nonce ? `<script nonce="${nonce}">window.__boot = ${Math.floor(random() * 1e6)};</script>` : '',
  ].join('');
  return {
    nonce,
    head: csrf ? `<meta name="csrf-token" content="${csrf}">` : '',
    top: `${has('cookieBanner') && random() < 0.5 ? '<div class="cookie-banner" role="dialog"><p>We use cookies to improve your experience.</p><button>Accept</button></div>' : ''}${csrf ? `<form hidden><input type="hidden" name="_csrf" value="${csrf}"></form>` : ''}`,
    promo: has('promo') ? `<aside class="promo"><p>${pick(random, PROMOS)}</p></aside>` : '',
    footer,
    setCookie: csrf ? `XSRF-TOKEN=${csrf}; Path=/; SameSite=Lax` : null,
    order: (items) => (has('reorder') ? shuffled(random, items) : items),
  };
}

/**
 * The same noise made in the browser, for client-rendered pages: `window.__noise(root)` adds a
 * promo, counters, a render time and a relative time, as single-page apps do.
 */
export function clientNoiseScript(kinds: ReadonlySet<NoiseKind>): string {
  const flags = JSON.stringify(Object.fromEntries(NOISE_KINDS.map((kind) => [kind, kinds.has(kind)])));
  return `window.__noise = function (root) {
  var on = ${flags};
  var promos = ${JSON.stringify(PROMOS)};
  function add(html) { var div = document.createElement('div'); div.innerHTML = html; root.appendChild(div); }
  if (on.cookieBanner && Math.random() < 0.5) add('<div class="cookie-banner"><p>We use cookies to improve your experience.</p></div>');
  if (on.promo) add('<aside class="promo"><p>' + promos[Math.floor(Math.random() * promos.length)] + '</p></aside>');
  if (on.counter) add('<p>' + (1000 + Math.floor(Math.random() * 9000)).toLocaleString('en-US') + ' people are viewing this page</p><p>Visitors online: ' + (10 + Math.floor(Math.random() * 80)) + '</p>');
  if (on.timestamp) add('<p>Rendered at ' + new Date().toISOString() + ' in ' + Math.floor(Math.random() * 90) + ' ms</p>');
  if (on.relativeTime) add('<p>Updated ' + (1 + Math.floor(Math.random() * 59)) + ' minutes ago</p>');
  if (on.requestId) add('<p>Session ' + Math.random().toString(16).slice(2, 14) + Math.random().toString(16).slice(2, 10) + '</p>');
};
window.__order = function (items) {
  if (!${kinds.has('reorder')}) return items;
  var copy = items.slice();
  for (var i = copy.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)); var t = copy[i]; copy[i] = copy[j]; copy[j] = t; }
  return copy;
};`;
}
