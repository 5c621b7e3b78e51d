/**
 * Content-Security-Policy parsing as the Observatory does it (src/analyzer/cspParser.js,
 * tests "Content Security Policy Parser"): several policies are folded into one map of
 * directive → sources, so the CSP test can judge "the policy" of a page. Pure.
 *
 * The fold is the Observatory's own, quirks included, because its results depend on them:
 * - sources are lowercased; a `-src` directive without sources means 'none';
 * - within one policy a source that starts with another, sorted just before it, is dropped
 *   (`https:` hides `https://a.example`);
 * - from the second policy on, a source is kept only when a source of another policy, sorted
 *   just before it, matches it path for path; what an earlier fold kept stays kept, so with
 *   three or more policies the result is not always their intersection;
 * - a directive that only a later policy has ends up 'none';
 * - a directive repeated within one policy makes the whole header invalid, except
 *   `report-uri` and `report-to`, which are only noted (`csp-implemented-but-duplicate-directives`).
 */

export type Policy = Map<string, Set<string>>;

export class CspParseError extends Error {}

/** The shortest policy the Observatory accepts is one character shorter than "img-src". */
const SHORTEST_POLICY_CHARS = 'img-src'.length - 1;
const DISALLOWED_IN_META = ['frame-ancestors', 'report-uri', 'sandbox'];
const DUPLICATES_ALLOWED = new Set(['report-uri', 'report-to']);
const NONE = "'none'";
const compare = new Intl.Collator('en').compare;

interface Source {
  readonly source: string;
  /** Which policy it came from. */
  readonly policy: number;
  keep: boolean;
}

export interface ParsedPolicies {
  readonly policy: Policy;
  /** `report-uri` / `report-to` repeated within a policy. */
  readonly duplicateReportDirectives: boolean;
}

/** Splits header values into policies: commas separate policies (RFC 9110 §5.3, CSP3 §2.2). */
export function splitPolicies(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',').map((policy) => policy.trim()));
}

/** Throws CspParseError for a policy the Observatory calls invalid (`csp-header-invalid`). */
export function parsePolicies(policies: readonly string[]): ParsedPolicies {
  const cleaned = policies.map((policy) => policy.replace(/[\r\n]/g, '').trim());
  for (const policy of cleaned) {
    if (policy.length < SHORTEST_POLICY_CHARS) throw new CspParseError(`"${policy}" is too short to be a policy`);
  }
  const folded = new Map<string, Source[]>();
  let duplicateReportDirectives = false;
  for (const [index, text] of cleaned.entries()) {
    const seen = new Set<string>();
    for (const part of text.split(';')) {
      const [name, ...values] = part.trim().split(/\s+/);
      if (!name) continue;
      const directive = name.toLowerCase();
      if (seen.has(directive)) {
        if (!DUPLICATES_ALLOWED.has(directive)) throw new CspParseError(`${directive} is repeated in policy ${index + 1}`);
        duplicateReportDirectives = true;
      }
      seen.add(directive);
      const keep = index === 0;
      const own: Source[] = values.map((value) => ({ source: value.trim().toLocaleLowerCase(), policy: index, keep }));
      if (values.length === 0 && directive.endsWith('-src')) own.push({ source: NONE, policy: index, keep });
      const combined = index === 0 ? own : [...(folded.get(directive) ?? []), ...own];
      combined.sort((a, b) => compare(a.source, b.source));
      for (let at = 1; at < combined.length; at += 1) {
        const source = combined[at];
        const previous = combined[at - 1];
        if (!source || !previous) continue;
        if (source.policy === previous.policy && source.source.startsWith(previous.source)) source.keep = false;
        if (source.policy !== previous.policy && pathsMatch(previous.source, source.source)) source.keep = true;
      }
      const kept = combined.filter((source) => source.keep);
      folded.set(directive, kept);
      // The first policy's sources must be matched again by a later policy to stay.
      if (index === 0 && cleaned.length > 1) for (const source of kept) source.keep = false;
    }
  }
  const policy: Policy = new Map();
  for (const [directive, sources] of folded) policy.set(directive, sources.length > 0 ? new Set(sources.map((source) => source.source)) : new Set([NONE]));
  return { policy, duplicateReportDirectives };
}

/** Policies from `<meta http-equiv>`: as in a header, minus what browsers ignore in a meta tag. */
export function parseMetaPolicies(policies: readonly string[]): ParsedPolicies {
  const parsed = parsePolicies(policies);
  for (const directive of DISALLOWED_IN_META) parsed.policy.delete(directive);
  return parsed;
}

/**
 * Whether source `b` lies within source `a`, compared path segment by path segment (a source
 * ending in "/" covers what is below it). Throws CspParseError on a malformed %-escape, which
 * the Observatory reports as an invalid header.
 */
function pathsMatch(a: string, b: string): boolean {
  if (a.length === 0) return true;
  if (a === '/' && b.length === 0) return true;
  const exact = !a.endsWith('/');
  const partsA = a.split('/');
  const partsB = b.split('/');
  if (partsA.length > partsB.length) return false;
  if (exact && partsA.length !== partsB.length) return false;
  if (!exact) partsA.pop();
  return partsA.every((part, index) => {
    const other = partsB[index];
    return other !== undefined && decoded(part) === decoded(other);
  });
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new CspParseError(`"${part}" has a malformed %-escape`);
  }
}
