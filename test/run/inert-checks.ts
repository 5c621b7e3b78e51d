import { load } from 'cheerio';
import { isTag } from 'domhandler';
import type { ParsedMail } from 'mailparser';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { INJECTED_HEADER } from './hostile-page.ts';

/**
 * Where text from a hostile page became live in an output: each check returns the holes it found
 * ("where: what"), so one failing run names every one of them at once. The page's payloads all
 * mention `__pwned` (or its tracking pixel), which is how page-made markup is told from ours.
 */

const PAYLOAD = /__pwned|pixel\.png/;

/** Whether a value carries one of the hostile page's payloads. */
export function fromPage(value: string): boolean {
  return PAYLOAD.test(value);
}
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'poster', 'data'];
/** Script types a browser runs; a JSON data island holding page text is data, not code. */
const RUNNABLE_SCRIPT = /^(|module|(text|application)\/(java|ecma)script)$/i;

/** What a browser would treat as a `javascript:` URL: control characters and spaces are dropped first. */
export function isScriptUrl(value: string): boolean {
  return (
    value
      // A browser strips exactly these before reading the scheme.
      .replace(/[\u0000-\u0020]/g, '')
      .toLowerCase()
      .startsWith('javascript:')
  );
}

/** Live markup in an HTML document or fragment: event handlers, scripts and URLs from the page. */
export function htmlHoles(where: string, html: string): string[] {
  const $ = load(html);
  const holes: string[] = [];
  for (const element of $('*').toArray().filter(isTag)) {
    for (const [name, value] of Object.entries(element.attribs)) {
      if (/^on/i.test(name)) holes.push(`${where}: <${element.tagName} ${name}="${value}">`);
      if (URL_ATTRIBUTES.includes(name.toLowerCase()) && (isScriptUrl(value) || PAYLOAD.test(value)))
        holes.push(`${where}: <${element.tagName} ${name}="${value}">`);
    }
    if (element.tagName === 'script' && RUNNABLE_SCRIPT.test(element.attribs.type ?? '') && PAYLOAD.test($(element).text())) {
      holes.push(`${where}: <script>${$(element).text().slice(0, 80)}</script>`);
    }
  }
  return holes;
}

/** GitHub-flavoured markdown as GitHub renders it (raw HTML kept), for the job summary and issue bodies. */
export function renderMarkdown(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true, allowDangerousProtocol: true });
}

/**
 * Markdown holes: the HTML it renders to, plus any link or image the page's text made — and for
 * issue bodies, page text outside a code span (where GitHub would also turn `@team` into a ping).
 */
export function markdownHoles(where: string, markdown: string, { pageTextInCode = false } = {}): string[] {
  const html = renderMarkdown(markdown);
  const $ = load(html);
  const holes = htmlHoles(where, html);
  for (const element of $('a, img').toArray()) {
    const target = element.attribs.href ?? element.attribs.src ?? '';
    if (PAYLOAD.test(target) || isScriptUrl(target)) holes.push(`${where}: markdown made <${element.tagName}> to ${target}`);
  }
  if (pageTextInCode) {
    $('code').remove();
    if (PAYLOAD.test($.root().text())) holes.push(`${where}: page text outside a code span`);
  }
  return holes;
}

/**
 * Slack mrkdwn: `<` and `>` start links and mentions (`<!channel>`), `&` entities. Only our own
 * trailing `<link|details>` may use them.
 */
export function slackHoles(where: string, text: string): string[] {
  const own = text.replace(/ <https:\/\/[^\s<>|]+\|details>$/, '');
  const holes: string[] = [];
  if (/[<>]/.test(own)) holes.push(`${where}: unescaped < or > in ${JSON.stringify(own)}`);
  if (/&(?!amp;|lt;|gt;)/.test(own)) holes.push(`${where}: unescaped & in ${JSON.stringify(own)}`);
  if (/[\r\n]/.test(text)) holes.push(`${where}: a line break in ${JSON.stringify(text)}`);
  return holes;
}

/** The raw header block of a message, unfolded: one entry per header. */
function rawHeaders(raw: string): string[] {
  const end = raw.search(/\r?\n\r?\n/);
  return (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
}

/** A received digest: headers the page could not add to or break, and parts with no live markup. */
export function mailHoles(where: string, raw: string, mail: ParsedMail): string[] {
  const holes: string[] = [];
  const injected = INJECTED_HEADER.split(':')[0]?.toLowerCase() ?? '';
  for (const line of rawHeaders(raw)) {
    if (line.toLowerCase().startsWith(`${injected}:`)) holes.push(`${where}: injected header ${line}`);
  }
  for (const [name, value] of mail.headers) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (/[\r\n]/.test(text) || PAYLOAD.test(text) || text.includes(INJECTED_HEADER)) holes.push(`${where}: header ${name} carries page data: ${text}`);
  }
  if (mail.bcc !== undefined) holes.push(`${where}: a Bcc header`);
  if (typeof mail.html === 'string') holes.push(...htmlHoles(`${where} (HTML part)`, mail.html));
  else holes.push(`${where}: no HTML part`);
  return holes;
}
