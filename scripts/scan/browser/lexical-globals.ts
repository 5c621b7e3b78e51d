import type { CDPSession } from 'playwright';
import type { CollectionPlan } from './collector.ts';

/**
 * Top-level `const` and `let` bindings of the page's classic scripts live in the global scope
 * but are not properties of `window`, so a js chain walked from `window` misses them. The
 * DevTools protocol lists their names (Runtime.globalLexicalScopeNames); the few that a chain
 * of the plan starts with are read by name in the expression that runs the collector, which
 * is evaluated in the page's global scope. Reading a binding runs no page code (a binding has
 * no getter); one still uninitialised throws and is skipped.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Bindings read per page: a page with more plan-named bindings than this is not typical. */
export const MAX_LEXICAL_NAMES = 64;

const firstNames = new WeakMap<CollectionPlan, ReadonlySet<string>>();

function planFirstNames(plan: CollectionPlan): ReadonlySet<string> {
  let names = firstNames.get(plan);
  if (!names) {
    names = new Set(plan.js.map((chain) => chain.split('.', 1)[0] ?? '').filter((name) => IDENTIFIER.test(name)));
    firstNames.set(plan, names);
  }
  return names;
}

/** The page's binding names that some chain of the plan starts with, sorted and bounded. */
export function lexicalRoots(plan: CollectionPlan, pageNames: readonly string[]): string[] {
  const wanted = planFirstNames(plan);
  return [...new Set(pageNames)]
    .filter((name) => wanted.has(name))
    .sort()
    .slice(0, MAX_LEXICAL_NAMES);
}

/**
 * Source of the function the collector calls with a record to fill: one guarded read per
 * name. Only identifiers are ever written into it (names come from the plan, checked here).
 */
export function lexicalReader(names: readonly string[]): string {
  const reads = names
    .filter((name) => IDENTIFIER.test(name))
    .map((name) => `try { $techscanFound[${JSON.stringify(name)}] = ${name}; } catch {}`)
    .join(' ');
  return `($techscanFound) => { ${reads} }`;
}

/** The page's top-level bindings that the plan's chains start with (none when the protocol cannot say). */
export async function pageLexicalRoots(cdp: CDPSession, plan: CollectionPlan): Promise<string[]> {
  const listed = await cdp.send('Runtime.globalLexicalScopeNames', {}).catch(() => null);
  return listed ? lexicalRoots(plan, listed.names) : [];
}
