/**
 * Content-Security-Policy parsing and the Observatory's reading of it: which sources count as
 * unsafe, which as dangerously broad. Pure.
 */

export type Policy = ReadonlyMap<string, ReadonlySet<string>>;

export class CspParseError extends Error {}

const DIRECTIVE_NAME = /^[a-z0-9-]+$/;

/**
 * Several policies (several headers, or one header with commas) all apply, so a source is
 * allowed only when every policy that sets the directive allows it: their intersection.
 */
export function parsePolicies(values: readonly string[]): Map<string, Set<string>> {
  const merged = new Map<string, Set<string>>();
  const policies = values.flatMap((value) => value.split(',')).map((policy) => policy.trim()).filter(Boolean);
  for (const text of policies) {
    const policy = parsePolicy(text);
    for (const [directive, sources] of policy) {
      const existing = merged.get(directive);
      merged.set(directive, existing ? new Set([...existing].filter((source) => sources.has(source))) : new Set(sources));
    }
  }
  for (const sources of merged.values()) if (sources.size === 0) sources.add("'none'");
  return merged;
}

function parsePolicy(text: string): Map<string, Set<string>> {
  const policy = new Map<string, Set<string>>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (name === undefined) continue;
    const directive = name.toLowerCase();
    if (!DIRECTIVE_NAME.test(directive)) throw new CspParseError(`"${name}" is not a CSP directive`);
    // The first occurrence of a directive wins; later duplicates are ignored, as browsers do.
    if (!policy.has(directive)) policy.set(directive, new Set(sources.map((source) => source.toLowerCase())));
  }
  if (policy.size === 0) throw new CspParseError('the policy has no directives');
  return policy;
}

export const DANGEROUSLY_BROAD = new Set(['ftp:', 'http:', 'https:', '*', 'http://*', 'http://*.*', 'https://*', 'https://*.*']);
export const UNSAFE_INLINE = new Set(["'unsafe-inline'", 'data:']);
const NONCE_OR_HASH = ["'sha256-", "'sha384-", "'sha512-", "'nonce-"];

export function hasNonceOrHash(sources: ReadonlySet<string>): boolean {
  return [...sources].some((source) => NONCE_OR_HASH.some((prefix) => source.startsWith(prefix)));
}

/** The sources in effect for a fetch directive: its own, else default-src, else anything. */
export function effectiveSources(policy: Policy, directive: string): Set<string> {
  return new Set(policy.get(directive) ?? policy.get('default-src') ?? ['*']);
}
