import type { SignalsInput } from '../schema/signals.ts';

/**
 * Signals read from a page's HTTP response alone (no browser): script URLs and inline
 * scripts, meta tags, inline CSS, visible text, headers and cookies. What a light scan can
 * know; `js`, `dom`, `xhr` and loaded scripts and stylesheets need a browser.
 *
 * The HTML is scanned, not parsed: enough for the tags the fingerprints look at, tolerant of
 * broken markup, and linear in the page size (an unclosed tag ends the scan instead of being
 * searched for again from every later position).
 */

export interface HttpResponse {
  readonly url: string;
  readonly html: string;
  /** Header name → value(s); names in any case. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
}

interface Element {
  /** The opening tag, `<script …>`. */
  readonly tag: string;
  /** What lies between the opening and closing tag. */
  readonly body: string;
}

/** The reference driver skipped inline data URLs. */
const DATA_SCRIPT = /^data:text\/javascript;/i;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi;
const MAX_CODE_POINT = 0x10ffff;
const WHITESPACE = /\s+/g;
/** Elements whose content is not visible text. */
const INVISIBLE = ['script', 'style', 'noscript', 'template'] as const;

function codePoint(value: number, entity: string): string {
  return Number.isFinite(value) && value <= MAX_CODE_POINT ? String.fromCodePoint(value) : entity;
}

function decodeEntities(value: string): string {
  return value.replace(ENTITY, (entity, body: string) => {
    if (body[0] === '#') {
      const hex = body[1] === 'x' || body[1] === 'X';
      return codePoint(Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10), entity);
    }
    return ENTITIES[body.toLowerCase()] ?? entity;
  });
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
  if (!match) return null;
  return decodeEntities(match[1] ?? match[2] ?? match[3] ?? '');
}

/** Whether `<name` at `start` opens that element (not `<names…`). */
function opensElement(lower: string, start: number, name: string): boolean {
  return /[\s>/]/.test(lower[start + name.length + 1] ?? '');
}

/** Every `<name …>…</name>` in order; `lower` is `html` lowercased. */
function elements(html: string, lower: string, name: string): Element[] {
  const found: Element[] = [];
  const open = `<${name}`;
  const close = `</${name}`;
  let from = 0;
  for (;;) {
    const start = lower.indexOf(open, from);
    if (start === -1) break;
    if (!opensElement(lower, start, name)) {
      from = start + open.length;
      continue;
    }
    const tagEnd = lower.indexOf('>', start);
    if (tagEnd === -1) break;
    const end = lower.indexOf(close, tagEnd);
    found.push({ tag: html.slice(start, tagEnd + 1), body: html.slice(tagEnd + 1, end === -1 ? html.length : end) });
    if (end === -1) break;
    from = end + close.length;
  }
  return found;
}

/** Every opening `<name …>` tag. */
function tags(html: string, lower: string, name: string): string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const start = lower.indexOf(`<${name}`, from);
    if (start === -1) break;
    const end = lower.indexOf('>', start);
    if (end === -1) break;
    if (opensElement(lower, start, name)) found.push(html.slice(start, end + 1));
    from = end + 1;
  }
  return found;
}

/** The page's text: markup, comments and invisible elements dropped, whitespace collapsed. */
function visibleText(html: string, lower: string): string {
  const parts: string[] = [];
  let index = 0;
  while (index < html.length) {
    const lt = html.indexOf('<', index);
    parts.push(html.slice(index, lt === -1 ? html.length : lt));
    if (lt === -1) break;
    if (lower.startsWith('<!--', lt)) {
      const end = lower.indexOf('-->', lt + 4);
      index = end === -1 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt);
    if (gt === -1) break;
    const invisible = INVISIBLE.find((name) => lower.startsWith(`<${name}`, lt) && opensElement(lower, lt, name));
    if (invisible) {
      const end = lower.indexOf(`</${invisible}`, gt);
      const closeEnd = end === -1 ? -1 : lower.indexOf('>', end);
      index = closeEnd === -1 ? html.length : closeEnd + 1;
    } else {
      index = gt + 1;
    }
    parts.push(' ');
  }
  return decodeEntities(parts.join('')).replace(WHITESPACE, ' ').trim();
}

function absolute(url: string, base: string): string | null {
  try {
    return new URL(url, base).href;
  } catch {
    return null;
  }
}

function headerValues(headers: HttpResponse['headers']): Record<string, string[]> {
  const byName: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    byName[key] = [...(byName[key] ?? []), ...(typeof value === 'string' ? [value] : value)];
  }
  return byName;
}

function cookies(setCookies: readonly string[]): Record<string, string[]> {
  const byName: Record<string, string[]> = {};
  for (const header of setCookies) {
    const pair = header.split(';', 1)[0] ?? '';
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = pair.slice(0, equals).trim().toLowerCase();
    byName[name] = [...(byName[name] ?? []), pair.slice(equals + 1).trim()];
  }
  return byName;
}

export function staticSignals(response: HttpResponse): SignalsInput {
  const { url, html } = response;
  const lower = html.toLowerCase();
  const scriptSrc: string[] = [];
  const scripts: string[] = [];
  for (const { tag, body } of elements(html, lower, 'script')) {
    const src = attribute(tag, 'src');
    const resolved = src === null || DATA_SCRIPT.test(src) ? null : absolute(src, url);
    if (resolved !== null) scriptSrc.push(resolved);
    if (body.trim() !== '') scripts.push(body);
  }
  const meta: Record<string, string[]> = {};
  for (const tag of tags(html, lower, 'meta')) {
    const name = (attribute(tag, 'name') ?? attribute(tag, 'property'))?.toLowerCase();
    if (name) meta[name] = [...(meta[name] ?? []), attribute(tag, 'content') ?? ''];
  }
  const css = elements(html, lower, 'style')
    .map((element) => element.body)
    .join('\n');
  const headers = headerValues(response.headers);
  return {
    url,
    html,
    text: visibleText(html, lower),
    css,
    scriptSrc,
    scripts,
    meta,
    headers,
    cookies: cookies(headers['set-cookie'] ?? []),
  };
}
