import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { LIMITS } from './limits.ts';

/**
 * What a scan reads from a page's HTML: the same pure function for the fetched HTML of a light
 * scan and the rendered DOM of a browser scan, so both depths extract content alike.
 */

export interface ScriptTag {
  readonly src: string;
  readonly integrity: string | null;
}

export interface Heading {
  readonly level: number;
  readonly text: string;
}

export interface ParsedDocument {
  readonly title: string | null;
  readonly description: string | null;
  readonly canonical: string | null;
  readonly headings: readonly Heading[];
  /** Visible text, whitespace-normalised, ignore selectors removed (ignore patterns are applied later). */
  readonly text: string;
  /**
   * The same visible text cut into blocks — the text of each block-level element, in document
   * order, headings left out (they are in `headings`) — for block-by-block change detection.
   */
  readonly blocks: readonly string[];
  /** `<meta name|property>` → contents, names lowercased. */
  readonly meta: Readonly<Record<string, string[]>>;
  /** `<meta http-equiv>` → contents, names lowercased (CSP and Referrer-Policy count for the Observatory). */
  readonly httpEquiv: Readonly<Record<string, string[]>>;
  /** External scripts, as written (src attribute resolved against the page URL). */
  readonly scriptTags: readonly ScriptTag[];
  /** `<script>` elements, external and inline, for the Observatory's SRI test. */
  readonly scriptCount: number;
  readonly inlineScripts: readonly string[];
  readonly inlineStyles: readonly string[];
  /** Same-site links, absolute, without fragments, in document order. */
  readonly links: readonly string[];
}

/** Elements whose text is never visible. */
const INVISIBLE = 'script, style, noscript, template, head, svg, iframe, object, canvas';

/** Inline elements: their text continues the surrounding words instead of starting new ones. */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'dfn',
  'em',
  'i',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
  'font',
  'label',
]);

export function parseDocument(html: string, pageUrl: string, ignoreSelectors: readonly string[] = []): ParsedDocument {
  const $ = load(html.length > LIMITS.maxHtmlChars ? html.slice(0, LIMITS.maxHtmlChars) : html);
  const meta: Record<string, string[]> = {};
  const httpEquiv: Record<string, string[]> = {};
  $('meta').each((_, element) => {
    const content = $(element).attr('content');
    if (content === undefined) return;
    const name = $(element).attr('name') ?? $(element).attr('property');
    if (name) (meta[name.toLowerCase()] ??= []).push(content);
    const equiv = $(element).attr('http-equiv');
    if (equiv) (httpEquiv[equiv.toLowerCase()] ??= []).push(content);
  });

  const scriptTags: ScriptTag[] = [];
  const inlineScripts: string[] = [];
  $('script').each((_, element) => {
    const src = $(element).attr('src');
    if (src !== undefined) {
      const absolute = resolveUrl(src.trim(), pageUrl);
      if (absolute) scriptTags.push({ src: absolute, integrity: $(element).attr('integrity') ?? null });
    } else {
      const body = $(element).text();
      if (body.trim()) inlineScripts.push(body.slice(0, LIMITS.maxBodyKeptBytes));
    }
  });
  const inlineStyles = $('style')
    .map((_, element) => $(element).text().slice(0, LIMITS.maxBodyKeptBytes))
    .get()
    .filter((style) => style.trim() !== '');

  const description = $('meta[name="description" i]').first().attr('content');
  const outline = headings($, ignoreSelectors);
  const links = sameSiteLinks($, pageUrl);
  const scriptCount = $('script').length;
  const canonical = $('link[rel~="canonical" i]').first().attr('href');
  return {
    title: nonEmpty(normaliseSpace($('head > title, title').first().text())),
    description: nonEmpty(normaliseSpace(description ?? '')),
    canonical: canonical ? resolveUrl(canonical.trim(), pageUrl) : null,
    headings: outline,
    // Last: they remove the invisible and ignored elements from the tree.
    ...visibleText($, ignoreSelectors),
    meta,
    httpEquiv,
    scriptTags,
    scriptCount,
    inlineScripts,
    inlineStyles,
    links,
  };
}

function headings($: CheerioAPI, ignoreSelectors: readonly string[]): Heading[] {
  const found: Heading[] = [];
  $('h1, h2, h3, h4, h5, h6').each((_, element) => {
    if (found.length >= LIMITS.maxHeadings || isIgnored($, element, ignoreSelectors)) return;
    const text = normaliseSpace(textOf(element)).slice(0, LIMITS.maxHeadingChars);
    if (text) found.push({ level: Number(element.tagName.slice(1)), text });
  });
  return found;
}

function isIgnored($: CheerioAPI, element: Element, ignoreSelectors: readonly string[]): boolean {
  return ignoreSelectors.some((selector) => safeClosest($, element, selector));
}

function safeClosest($: CheerioAPI, element: Element, selector: string): boolean {
  try {
    return $(element).closest(selector).length > 0;
  } catch {
    return false;
  }
}

function visibleText($: CheerioAPI, ignoreSelectors: readonly string[]): { text: string; blocks: string[] } {
  $(INVISIBLE).remove();
  $('[hidden], [aria-hidden="true"]').remove();
  for (const selector of ignoreSelectors) {
    try {
      $(selector).remove();
    } catch {
      // An ignore selector cheerio cannot parse hides nothing; config validation reports it.
    }
  }
  const root = $('body').get(0) ?? $.root().get(0);
  if (!root) return { text: '', blocks: [] };
  return { text: normaliseSpace(textOf(root)).slice(0, LIMITS.maxTextChars), blocks: textBlocks(root) };
}

const HEADING = /^h[1-6]$/;
/** A block worth comparing says something: it has a letter or a digit. */
const MEANINGFUL = /[\p{L}\p{N}]/u;

/** The text of each block-level element's own runs, in document order, without headings. */
function textBlocks(root: AnyNode): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let characters = 0;
  const flush = () => {
    const text = normaliseSpace(current.join(''));
    current = [];
    if (text !== '' && MEANINGFUL.test(text) && blocks.length < LIMITS.maxBlocks) blocks.push(text);
  };
  const walk = (node: AnyNode): void => {
    if (blocks.length >= LIMITS.maxBlocks || characters > LIMITS.maxTextChars) return;
    if (node.type === 'text') {
      current.push(node.data);
      characters += node.data.length;
      return;
    }
    if (!('children' in node)) return;
    const tag = node.type === 'tag' ? node.tagName.toLowerCase() : null;
    const block = tag !== null && !INLINE.has(tag);
    if (block) flush();
    if (tag !== null && HEADING.test(tag)) return;
    for (const child of node.children) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return blocks;
}

/** Text of a subtree with a space between blocks, so "<p>a</p><p>b</p>" reads "a b". */
function textOf(node: AnyNode): string {
  const parts: string[] = [];
  const walk = (current: AnyNode): void => {
    if (current.type === 'text') {
      parts.push(current.data);
      return;
    }
    if (!('children' in current)) return;
    const block = current.type === 'tag' && !INLINE.has(current.tagName.toLowerCase());
    if (block) parts.push(' ');
    for (const child of current.children) walk(child);
    if (block) parts.push(' ');
  };
  walk(node);
  return parts.join('');
}

function sameSiteLinks($: CheerioAPI, pageUrl: string): string[] {
  const page = new URL(pageUrl);
  const seen = new Set<string>();
  $('a[href]').each((_, element) => {
    const href = resolveUrl(($(element).attr('href') ?? '').trim(), pageUrl);
    if (!href) return;
    const url = new URL(href);
    url.hash = '';
    if (url.hostname === page.hostname && (url.protocol === 'http:' || url.protocol === 'https:')) seen.add(url.href);
  });
  return [...seen];
}

function resolveUrl(value: string, base: string): string | null {
  if (!value) return null;
  try {
    return new URL(value, base).href;
  } catch {
    return null;
  }
}

export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function nonEmpty(text: string): string | null {
  return text === '' ? null : text;
}
