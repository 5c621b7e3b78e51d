import { z } from 'zod';

/**
 * The webappanalyzer database as shipped in `technologies.json` and `categories.json`, parsed
 * with zod and normalised into plain definitions (patterns still as tagged source strings).
 * Pattern keys that compare case-insensitively are lowercased here; all keys are trimmed
 * (the database has a few with stray spaces).
 */

/** Signals matched as a list of strings, each value separately. */
export const CONTENT_KINDS = ['url', 'html', 'text', 'css', 'robots', 'certIssuer', 'scriptSrc', 'scripts', 'xhr'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** Signals matched by name, then by value. `js` names are case-sensitive property chains. */
export const KEYED_KINDS = ['headers', 'cookies', 'meta', 'dns', 'js'] as const;
export type KeyedKind = (typeof KEYED_KINDS)[number];

const KEYED: ReadonlySet<string> = new Set(KEYED_KINDS);
export function isKeyedKind(kind: string): kind is KeyedKind {
  return KEYED.has(kind);
}

const CASE_SENSITIVE_KEYS: ReadonlySet<KeyedKind> = new Set(['js']);

const scalar = z.union([z.string(), z.number()]).transform(String);
const scalars = z.union([scalar, z.array(scalar)]).transform((value) => (Array.isArray(value) ? value : [value]));
const keyedPatterns = z.record(z.string(), scalars);

const domRule = z.object({
  exists: scalars.optional(),
  text: scalars.optional(),
  attributes: z.record(z.string(), scalars).optional(),
  properties: z.record(z.string(), scalars).optional(),
});
const domPatterns = z.union([z.string().transform((selector) => [selector]), z.array(z.string()), z.record(z.string(), z.union([domRule, z.array(domRule)]))]);

const categoryId = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

const rawTechnology = z.object({
  cats: z.array(categoryId).default([]),
  implies: scalars.optional(),
  excludes: scalars.optional(),
  requires: scalars.optional(),
  requiresCategory: z.union([scalar, z.array(scalar)]).optional(),
  url: scalars.optional(),
  html: scalars.optional(),
  text: scalars.optional(),
  css: scalars.optional(),
  robots: scalars.optional(),
  certIssuer: scalars.optional(),
  scriptSrc: scalars.optional(),
  scripts: scalars.optional(),
  xhr: scalars.optional(),
  headers: keyedPatterns.optional(),
  cookies: keyedPatterns.optional(),
  meta: keyedPatterns.optional(),
  dns: keyedPatterns.optional(),
  js: keyedPatterns.optional(),
  dom: domPatterns.optional(),
});

export const technologiesFileSchema = z.record(z.string(), rawTechnology);
export const categoriesFileSchema = z.record(z.string().regex(/^\d+$/), z.object({ name: z.string(), priority: z.number().optional() }));

export interface DomRuleDefinition {
  readonly selector: string;
  /** Tagged patterns matched against '' when a node exists. */
  readonly exists: readonly string[];
  /** Tagged patterns matched against each node's trimmed text. */
  readonly text: readonly string[];
  readonly attributes: readonly (readonly [name: string, pattern: string])[];
  readonly properties: readonly (readonly [name: string, pattern: string])[];
}

export interface TechnologyDefinition {
  readonly name: string;
  readonly categories: readonly number[];
  readonly content: Readonly<Partial<Record<ContentKind, readonly string[]>>>;
  readonly keyed: Readonly<Partial<Record<KeyedKind, readonly (readonly [key: string, patterns: readonly string[]])[]>>>;
  readonly dom: readonly DomRuleDefinition[];
  /** Tagged technology names (`PHP\;confidence:50`). */
  readonly implies: readonly string[];
  readonly excludes: readonly string[];
  /** Evaluated only once one of these technologies is detected. */
  readonly requires: readonly string[];
  /** Evaluated only once a technology in one of these categories (id or name) is detected. */
  readonly requiresCategory: readonly string[];
}

export interface CategoryDefinition {
  readonly id: number;
  readonly name: string;
}

type RawTechnology = z.infer<typeof rawTechnology>;

function pairs(kind: KeyedKind, patterns: Record<string, string[]>): [string, string[]][] {
  return Object.entries(patterns).map(([key, values]) => {
    const trimmed = key.trim();
    return [CASE_SENSITIVE_KEYS.has(kind) ? trimmed : trimmed.toLowerCase(), values];
  });
}

function entries(record: Record<string, string[]> | undefined): [string, string][] {
  return Object.entries(record ?? {}).flatMap(([name, values]) => values.map((value): [string, string] => [name.trim(), value]));
}

function domRules(dom: RawTechnology['dom']): DomRuleDefinition[] {
  if (dom === undefined) return [];
  if (Array.isArray(dom)) {
    return dom.map((selector) => ({ selector: selector.trim(), exists: [''], text: [], attributes: [], properties: [] }));
  }
  return Object.entries(dom).flatMap(([selector, rules]) =>
    (Array.isArray(rules) ? rules : [rules]).map((rule) => ({
      selector: selector.trim(),
      exists: rule.exists ?? [],
      text: rule.text ?? [],
      attributes: entries(rule.attributes),
      properties: entries(rule.properties),
    })),
  );
}

function normaliseTechnology(name: string, raw: RawTechnology): TechnologyDefinition {
  const content: Partial<Record<ContentKind, readonly string[]>> = {};
  for (const kind of CONTENT_KINDS) {
    const patterns = raw[kind];
    if (patterns && patterns.length > 0) content[kind] = patterns;
  }
  const keyed: Partial<Record<KeyedKind, readonly (readonly [string, readonly string[]])[]>> = {};
  for (const kind of KEYED_KINDS) {
    const patterns = raw[kind];
    if (patterns && Object.keys(patterns).length > 0) keyed[kind] = pairs(kind, patterns);
  }
  const requiresCategory = raw.requiresCategory === undefined ? [] : [raw.requiresCategory].flat();
  return {
    name,
    categories: raw.cats,
    content,
    keyed,
    dom: domRules(raw.dom),
    implies: raw.implies ?? [],
    excludes: raw.excludes ?? [],
    requires: raw.requires ?? [],
    requiresCategory,
  };
}

export function normaliseTechnologies(file: z.infer<typeof technologiesFileSchema>): TechnologyDefinition[] {
  return Object.entries(file).map(([name, raw]) => normaliseTechnology(name, raw));
}

export function normaliseCategories(file: z.infer<typeof categoriesFileSchema>): CategoryDefinition[] {
  return Object.entries(file).map(([id, category]) => ({ id: Number(id), name: category.name }));
}
