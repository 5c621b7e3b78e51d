import type { RouteHandler } from '../helpers/fixture-server.ts';
import { page } from '../helpers/fixture-server.ts';

/**
 * A competitor page that turns hostile after its baseline: every field a scan takes from it —
 * title, response headers, visible text, the canonical link, the description, the generator a
 * technology is detected from — carries markup that runs if any output renders it, `javascript:`
 * links, markdown and Slack syntax, and CR/LF aimed at mail headers. Each payload sets
 * `window.__pwned` to its own number, so a run payload says where it came from.
 */

/** The mail header a payload tries to add; no received mail may carry it. */
export const INJECTED_HEADER = 'Bcc: victim@example.com';

/** The title's parts: in the page they are joined by `&#13;&#10;`, the only way CR/LF gets into a title. */
const TITLE_PARTS = ['Cartly</title><script>window.__pwned=1</script>', '"><img src=x onerror="window.__pwned=2">', INJECTED_HEADER];

/** How the scan sees the title: the browser collapses its whitespace, CR/LF included. */
export const HOSTILE_TITLE = TITLE_PARTS.join(' ');
/** Shown as text wherever the page's text is shown. */
export const SCRIPT_TEXT = '<script>window.__pwned=3</script> Now 20% off';
const MARKDOWN_TEXT = 'Claim [your gift](javascript:window.__pwned=4) ![pixel](http://127.0.0.1:9/pixel.png) <!channel> @here `tick` | cell |';
const LINK_TEXT = 'claim it now';
export const GENERATOR = 'WordPress 6.1<img src=x onerror="window.__pwned=6">';

/** Hostile response headers: values Node lets through (it refuses CR/LF in a header itself). */
export const HOSTILE_HEADERS: Readonly<Record<string, string>> = {
  server: 'nginx<script>window.__pwned=7</script>',
  'x-powered-by': 'PHP/8.1<img src=x onerror="window.__pwned=8">',
  'content-security-policy': "default-src 'self' <script>window.__pwned=9</script>",
  'x-frame-options': '"><img src=x onerror="window.__pwned=10">',
  link: '<javascript:window.__pwned=11>; rel=preload',
};

/** Page text as HTML source: markup in it is escaped, so the page shows it as text. */
function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const ORDINARY = page('<h1>Cartly</h1><p>Shop smarter with Cartly.</p><p>Free delivery over 50 euros.</p>', { title: 'Cartly' });

const HOSTILE = page(
  [
    '<h1>Cartly</h1>',
    `<p>${text(SCRIPT_TEXT)}</p>`,
    `<p>${text(MARKDOWN_TEXT)} <a href="javascript:window.__pwned=5">${LINK_TEXT}</a></p>`,
    // A line break in a block: its text carries a newline, aimed at a header as the title's is.
    `<p>Delivery news<br>${text(INJECTED_HEADER)}</p>`,
  ].join(''),
  {
    title: TITLE_PARTS.map(text).join('&#13;&#10;'),
    head: [
      `<meta name="generator" content="${text(GENERATOR)}">`,
      `<meta name="description" content="${text('"><script>window.__pwned=12</script>')}">`,
      '<link rel="canonical" href="javascript:window.__pwned=13">',
    ].join(''),
  },
);

/** The page: ordinary until `state.hostile` is set, hostile from then on. */
export function hostileRoute(state: { hostile: boolean }): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(state.hostile ? HOSTILE_HEADERS : { server: 'nginx' }) });
    response.end(state.hostile ? HOSTILE : ORDINARY);
  };
}

/** A plain neighbour, so the overview and compare pages have two sites. */
export const plainRoute: RouteHandler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', server: 'nginx' });
  response.end(page('<h1>Plainly</h1><p>Nothing to see here.</p>', { title: 'Plainly' }));
};
