import type { Fingerprints } from './fingerprints.ts';

/**
 * What the scanner evaluates inside the page, in one pass, for the `js` and `dom` signals.
 *
 * js: for each chain (`jQuery.fn.jquery`), walk own properties from `window`; when the whole
 * chain exists, report `signals.js[chain]` = the value if it is a string or number, else
 * whether it is truthy (the reference engine's rule). Keys are the chains exactly as listed.
 *
 * dom: for each query, `document.querySelectorAll(selector)` (some selectors are invalid CSS:
 * skip those); report `signals.dom[selector]` = one entry per matched node (at most
 * SIGNAL_LIMITS.domNodes) with `exists: true`, `text` (trimmed textContent) when `text` is
 * set, the listed `attributes` the node has (getAttribute), and the listed `properties` that
 * are the node's own properties (same value rule as js).
 */

export interface DomQuery {
  selector: string;
  /** Some fingerprint only needs the selector to match. */
  exists: boolean;
  /** Some fingerprint matches the nodes' text. */
  text: boolean;
  /** Attribute names to read, sorted. */
  attributes: string[];
  /** Own property names to read, sorted. */
  properties: string[];
}

export interface CollectionPlan {
  /** Property chains, sorted. */
  js: string[];
  /** One query per selector, sorted by selector. */
  dom: DomQuery[];
}

interface QueryNeeds {
  exists: boolean;
  text: boolean;
  readonly attributes: Set<string>;
  readonly properties: Set<string>;
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

function buildPlan(fingerprints: Fingerprints): CollectionPlan {
  const chains = new Set<string>();
  const queries = new Map<string, QueryNeeds>();
  const definitions = [...fingerprints.technologies, ...fingerprints.ownRules.map((rule) => rule.definition)];
  for (const technology of definitions) {
    for (const [chain] of technology.keyed.js ?? []) chains.add(chain);
    for (const rule of technology.dom) {
      let needs = queries.get(rule.selector);
      if (!needs) {
        needs = { exists: false, text: false, attributes: new Set(), properties: new Set() };
        queries.set(rule.selector, needs);
      }
      needs.exists ||= rule.exists.length > 0;
      needs.text ||= rule.text.length > 0;
      for (const [name] of rule.attributes) needs.attributes.add(name);
      for (const [name] of rule.properties) needs.properties.add(name);
    }
  }
  const dom = sorted(queries.keys()).flatMap((selector) => {
    const needs = queries.get(selector);
    return needs ? [{ selector, exists: needs.exists, text: needs.text, attributes: sorted(needs.attributes), properties: sorted(needs.properties) }] : [];
  });
  return { js: sorted(chains), dom };
}

function copy(plan: CollectionPlan): CollectionPlan {
  return {
    js: [...plan.js],
    dom: plan.dom.map((query) => ({ ...query, attributes: [...query.attributes], properties: [...query.properties] })),
  };
}

const plans = new WeakMap<Fingerprints, CollectionPlan>();

/**
 * The js chains and DOM queries the fingerprints need: every technology's, including those
 * evaluated only on demand, and those of our own rules. Computed once per fingerprints; each call returns a fresh copy.
 */
export function collectionPlan(fingerprints: Fingerprints): CollectionPlan {
  let plan = plans.get(fingerprints);
  if (!plan) {
    plan = buildPlan(fingerprints);
    plans.set(fingerprints, plan);
  }
  return copy(plan);
}
