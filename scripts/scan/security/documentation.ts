import type { ObservatoryTestName } from './observatory.ts';

/**
 * Where a reader looks a finding up: the Observatory's scoring page, and MDN's page for each
 * test (src/grader/charts.js TEST_TITLES and TEST_TOPIC_LINKS). Data only, for the site.
 */

export const SCORING_DOCS = 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring';

const MDN = 'https://developer.mozilla.org/en-US/docs/';

export const TEST_DOCS: Readonly<Record<ObservatoryTestName, { readonly title: string; readonly url: string }>> = {
  'content-security-policy': { title: 'Content Security Policy (CSP)', url: `${MDN}Web/Security/Practical_implementation_guides/CSP` },
  cookies: { title: 'Cookies', url: `${MDN}Web/Security/Practical_implementation_guides/Cookies` },
  'cross-origin-embedder-policy': { title: 'Cross Origin Embedder Policy', url: `${MDN}Web/HTTP/Reference/Headers/Cross-Origin-Embedder-Policy` },
  'cross-origin-opener-policy': { title: 'Cross Origin Opener Policy', url: `${MDN}Web/HTTP/Reference/Headers/Cross-Origin-Opener-Policy` },
  'cross-origin-resource-sharing': { title: 'Cross Origin Resource Sharing (CORS)', url: `${MDN}Web/Security/Practical_implementation_guides/CORS` },
  redirection: { title: 'Redirection', url: `${MDN}Web/Security/Practical_implementation_guides/TLS#http_redirection` },
  'referrer-policy': { title: 'Referrer Policy', url: `${MDN}Web/Security/Practical_implementation_guides/Referrer_policy` },
  'strict-transport-security': {
    title: 'Strict Transport Security (HSTS)',
    url: `${MDN}Web/Security/Practical_implementation_guides/TLS#http_strict_transport_security_implementation`,
  },
  'subresource-integrity': { title: 'Subresource Integrity', url: `${MDN}Web/Security/Subresource_Integrity` },
  'x-content-type-options': { title: 'X-Content-Type-Options', url: `${MDN}Web/Security/Practical_implementation_guides/MIME_types` },
  'x-frame-options': { title: 'X-Frame-Options', url: `${MDN}Web/Security/Attacks/Clickjacking` },
  'cross-origin-resource-policy': { title: 'Cross Origin Resource Policy', url: `${MDN}Web/Security/Practical_implementation_guides/CORP` },
};

/** The page for a test name as recorded (older records may name tests this list lacks). */
export function testDocs(test: string): { readonly title: string; readonly url: string } | null {
  return Object.entries(TEST_DOCS).find(([name]) => name === test)?.[1] ?? null;
}
