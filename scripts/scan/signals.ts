import type { SignalsInput } from '../schema/signals.ts';
import type { ParsedDocument } from './html.ts';
import { LIMITS } from './limits.ts';
import type { ObservedPage } from './observed.ts';
import { parseSetCookie } from './security/cookies.ts';

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
    cookies: browser?.cookies ?? cookiesFromHeaders(page.setCookies),
    js: browser?.js ?? {},
    dom: browser?.dom ?? {},
    probes: browser?.probes ?? {},
    xhr: [...(browser?.xhr ?? [])],
    certIssuer: page.tls?.issuer ?? null,
  };
}

function cookiesFromHeaders(setCookies: readonly string[]): Record<string, string[]> {
  const cookies: Record<string, string[]> = {};
  for (const header of setCookies) {
    const cookie = parseSetCookie(header);
    if (!cookie) continue;
    const value = header.split(';')[0]?.slice(cookie.name.length + 1) ?? '';
    (cookies[cookie.name.toLowerCase()] ??= []).push(value);
  }
  return cookies;
}
