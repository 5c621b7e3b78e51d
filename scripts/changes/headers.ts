/**
 * Security response headers in a canonical form, so only a change in policy reads as a change:
 * case, whitespace, the order of directives and sources, repeated values, per-response CSP
 * nonces and inline-script hashes, and query strings on report endpoints are all ignored.
 */

/** The headers compared, with the spelling used in summaries. Others the scan records are not security policy. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': 'Content-Security-Policy',
  'content-security-policy-report-only': 'Content-Security-Policy-Report-Only',
  'strict-transport-security': 'Strict-Transport-Security',
  'x-frame-options': 'X-Frame-Options',
  'x-content-type-options': 'X-Content-Type-Options',
  'referrer-policy': 'Referrer-Policy',
  'permissions-policy': 'Permissions-Policy',
  'cross-origin-opener-policy': 'Cross-Origin-Opener-Policy',
  'cross-origin-embedder-policy': 'Cross-Origin-Embedder-Policy',
  'cross-origin-resource-policy': 'Cross-Origin-Resource-Policy',
  'x-xss-protection': 'X-XSS-Protection',
};

const CSP_HEADERS = new Set(['content-security-policy', 'content-security-policy-report-only']);
const NONCE = /^'nonce-[^']*'$/;
const HASH = /^'(sha256|sha384|sha512)-[^']*'$/;
const REPORT_DIRECTIVES = new Set(['report-uri']);

export function normaliseHeader(name: string, value: string): string {
  const lower = value.toLowerCase();
  return CSP_HEADERS.has(name.toLowerCase()) ? normalisePolicy(lower) : normaliseList(lower);
}

/** Semicolon- or comma-separated items (HSTS, Permissions-Policy, Referrer-Policy fallbacks). */
function normaliseList(value: string): string {
  const items = value
    .split(/[;,]/)
    .map((item) =>
      item
        .replace(/\s+/g, ' ')
        .replace(/\s*=\s*/g, '=')
        .trim(),
    )
    .filter((item) => item !== '');
  return [...new Set(items)].sort().join('; ');
}

/** A CSP: policies (comma-separated) of directives (semicolon-separated) of sources. */
function normalisePolicy(value: string): string {
  const policies = value
    .split(',')
    .map((policy) =>
      [...cspDirectives(policy)]
        .map(([name, sources]) => [name, ...sources].join(' '))
        .sort()
        .join('; '),
    )
    .filter((policy) => policy !== '');
  return [...new Set(policies)].sort().join(', ');
}

/** Directive name → canonical sources. As in browsers, a repeated directive is ignored. */
export function cspDirectives(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const directive of policy.toLowerCase().split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/).filter(Boolean);
    if (name === undefined || directives.has(name)) continue;
    const canonical = sources.map((source) => canonicalSource(name, source));
    directives.set(name, [...new Set(canonical)].sort());
  }
  return directives;
}

function canonicalSource(directive: string, source: string): string {
  if (NONCE.test(source)) return "'nonce'";
  const hash = HASH.exec(source);
  if (hash) return `'${hash[1]}'`;
  if (REPORT_DIRECTIVES.has(directive)) return source.replace(/[?#].*$/, '');
  return source;
}

/** What a CSP change adds and removes, e.g. `script-src +https://js.stripe.com`. */
export function describePolicyChange(previous: string, next: string): string[] {
  const before = cspDirectives(previous.split(',')[0] ?? '');
  const after = cspDirectives(next.split(',')[0] ?? '');
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const parts: string[] = [];
  for (const name of names) {
    const old = before.get(name);
    const current = after.get(name);
    if (!old) parts.push(`+${name}`);
    else if (!current) parts.push(`−${name}`);
    else {
      const added = current.filter((source) => !old.includes(source)).map((source) => `+${source}`);
      const removed = old.filter((source) => !current.includes(source)).map((source) => `−${source}`);
      if (added.length + removed.length > 0) parts.push(`${name} ${[...added, ...removed].join(' ')}`);
    }
  }
  return parts;
}
