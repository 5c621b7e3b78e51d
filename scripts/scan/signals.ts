import type { SignalsInput } from '../schema/signals.ts';
import type { ParsedDocument } from './html.ts';
import { LIMITS } from './limits.ts';
import type { ObservedPage } from './observed.ts';
import type { CookieLine } from './security/evidence.ts';

/** Everything the technology matcher reads, from one observed page. Pure. */
export function signalsOf(page: ObservedPage, document: ParsedDocument, text: string): SignalsInput {
  const browser = page.browser;
  return {
    url: page.finalUrl,
    html: page.html.slice(0, LIMITS.maxHtmlChars),
    text,
    css: [...document.inlineStyles, ...(browser?.styleBodies ?? [])].join('\n'),
    scriptSrc: document.scriptTags.map((tag) => tag.src),
    scripts: [...document.inlineScripts, ...(browser?.scriptBodies ?? [])],
    meta: document.meta,
    headers: page.headers,
    cookies: browser?.cookies ?? cookiesFromHeaders(page.cookieLines),
    js: browser?.js ?? {},
    dom: browser?.dom ?? {},
    probes: browser?.probes ?? {},
    xhr: [...(browser?.xhr ?? [])],
    certIssuer: page.tls?.issuer ?? null,
  };
}

/** Cookie name (lowercase) → values, from the Set-Cookie lines the server sent. */
function cookiesFromHeaders(lines: readonly CookieLine[]): Record<string, string[]> {
  const cookies: Record<string, string[]> = {};
  for (const { line } of lines) {
    const pair = line.split(';')[0] ?? '';
    const separator = pair.indexOf('=');
    const name = (separator === -1 ? pair : pair.slice(0, separator)).trim();
    if (!name) continue;
    (cookies[name.toLowerCase()] ??= []).push(separator === -1 ? '' : pair.slice(separator + 1).trim());
  }
  return cookies;
}
