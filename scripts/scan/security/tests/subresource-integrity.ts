import { parse as parseDomain } from 'tldts';
import { isHtmlForSri, type Evidence } from '../evidence.ts';
import { onlyIfWorse, type ResultId } from '../results.ts';

/**
 * The Observatory's `subresource-integrity` test (src/analyzer/tests/subresource-integrity.js;
 * test/subresource-integrity.test.js), over the `<script>` elements of the page as the server
 * sent it. "Same site" means the same registrable domain as the scanned host (tldts; an IP
 * address or `localhost` has none, so it matches any other such host).
 *
 * Where the Observatory's test would throw and fail the whole scan — a full URL that is not a
 * valid URL — a script here counts as loaded insecurely. `html-not-parseable` is never
 * reported: the HTML tokenizer both use accepts any input.
 */

export type SriResult = Extract<ResultId, `sri-${string}`>;

/** From best to worst (the test's `goodness`). */
const ORDER: readonly SriResult[] = [
  'sri-implemented-and-all-scripts-loaded-securely',
  'sri-implemented-and-external-scripts-loaded-securely',
  'sri-implemented-but-external-scripts-not-loaded-securely',
  'sri-not-implemented-but-external-scripts-loaded-securely',
  'sri-not-implemented-and-external-scripts-not-loaded-securely',
  'sri-not-implemented-response-not-html',
];
const PROTOCOL_RELATIVE = /^(\/\/)[^/]/;
const FULL_URL = /^https?:\/\//;

export function subresourceIntegrityTest(evidence: Evidence): SriResult {
  // Test "checks for not html".
  if (!isHtmlForSri(evidence)) return 'sri-not-implemented-response-not-html';
  const scripts = evidence.source.scripts;
  // Test "checks for no scripts".
  if (scripts.length === 0) return 'sri-not-implemented-but-no-scripts-loaded';
  const siteDomain = parseDomain(evidence.siteHost).domain;
  let result: SriResult | null = null;
  let foreign = false;
  for (const script of scripts) {
    const src = script.src;
    if (!src) continue;
    const integrity = script.integrity || null;
    const protocolRelative = PROTOCOL_RELATIVE.test(src);
    const fullUrl = !protocolRelative && FULL_URL.test(src);
    const relative = !protocolRelative && !fullUrl;
    // A protocol-relative script is taken to be on the same domain, but never secure.
    const sameDomain = protocolRelative || relative || parseDomain(src).domain === siteDomain;
    const secureOrigin = relative || (sameDomain && !protocolRelative);
    const secureScheme = fullUrl ? schemeOf(src) === 'https:' : relative && evidence.https;
    if (secureOrigin) {
      // Test "checks if implemented with same origin": SRI on a same-site script earns the bonus.
      if (integrity && secureScheme && result === null) result = 'sri-implemented-and-all-scripts-loaded-securely';
      continue;
    }
    foreign = true;
    if (integrity && !secureScheme) result = onlyIfWorse('sri-implemented-but-external-scripts-not-loaded-securely', result, ORDER);
    else if (!integrity && secureScheme) result = onlyIfWorse('sri-not-implemented-but-external-scripts-loaded-securely', result, ORDER);
    else if (!integrity) result = onlyIfWorse('sri-not-implemented-and-external-scripts-not-loaded-securely', result, ORDER);
  }
  // Tests "checks if implemented with external scripts and https" and "checks for same origin".
  return result ?? (foreign ? 'sri-implemented-and-external-scripts-loaded-securely' : 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin');
}

function schemeOf(src: string): string | null {
  try {
    return new URL(src).protocol;
  } catch {
    return null;
  }
}
