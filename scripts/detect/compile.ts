import type { ContentKind, KeyedKind, TechnologyDefinition } from './database.ts';
import type { Fingerprints } from './fingerprints.ts';
import { LiteralIndex } from './literal-index.ts';
import { parseTagged, Pattern } from './pattern.ts';
import { boundQuantifiers } from './regex-source.ts';

/**
 * The fingerprints compiled for matching: every pattern parsed once, indexed by the signal
 * that can trigger it (literal, header name, js chain, selector), so `detect` only looks at
 * technologies whose keys have a signal. Built on first use and kept for the process.
 */

export interface PatternRef {
  /** Index into the fingerprints' technologies. */
  readonly technology: number;
  readonly pattern: Pattern;
}

export interface ContentIndex {
  /** Literal id → literal. */
  readonly literals: readonly string[];
  /** Literal id → patterns that need it (one of their alternatives). */
  readonly byLiteral: readonly (readonly PatternRef[])[];
  /** Patterns without a usable literal: run on every value. */
  readonly unfiltered: readonly PatternRef[];
  /** The automaton over `literals`, built on first use. */
  automaton(): LiteralIndex;
}

export interface KeyedIndex {
  readonly exact: ReadonlyMap<string, readonly PatternRef[]>;
  /** Keys written as globs (`_ga_*`) or regexes (`SESS[a-f0-9]{32}`) in the database. */
  readonly wildcards: readonly { readonly matches: (name: string) => boolean; readonly refs: readonly PatternRef[] }[];
}

export interface DomRef {
  readonly technology: number;
  readonly exists: readonly Pattern[];
  readonly text: readonly Pattern[];
  readonly attributes: readonly (readonly [name: string, pattern: Pattern])[];
  readonly properties: readonly (readonly [name: string, pattern: Pattern])[];
}

export interface Implication {
  readonly technology: number;
  readonly confidence: number;
  /** A literal version (implies tags are not rendered against a match), or ''. */
  readonly version: string;
}

export interface CompiledDatabase {
  readonly names: readonly string[];
  /** Per technology: its known category ids, in database order. */
  readonly categoryIds: readonly (readonly number[])[];
  readonly categoryNames: ReadonlyMap<number, string>;
  readonly byName: ReadonlyMap<string, number>;
  /** Per technology: 1 when it has `requires` or `requiresCategory` (evaluated on demand). */
  readonly conditional: Uint8Array;
  /** Technology → technologies evaluated once it is detected. */
  readonly requiredBy: ReadonlyMap<number, readonly number[]>;
  /** Category id → technologies evaluated once a technology in it is detected. */
  readonly requiredByCategory: ReadonlyMap<number, readonly number[]>;
  readonly implies: readonly (readonly Implication[])[];
  readonly excludes: readonly (readonly number[])[];
  readonly content: Readonly<Record<ContentKind, ContentIndex>>;
  readonly keyed: Readonly<Record<KeyedKind, KeyedIndex>>;
  readonly dom: ReadonlyMap<string, readonly DomRef[]>;
}

/** Key characters that mark a database key as a regex rather than a plain name. */
const REGEX_KEY = /[\\^$|?*+()[\]{}]/;
const GLOB_KEY = /^[^\\^$|?*+()[\]{}]+\*$/;
const INLINE_CASE_FLAG = /^\(\?i\)/;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Where a technology's patterns come from: the database's definition, or one of our rules for it. */
interface PatternSource {
  readonly technology: number;
  readonly definition: TechnologyDefinition;
  readonly versionSource: 'pattern' | 'own-rule';
}

class Builder {
  #nextPatternId = 0;

  pattern(raw: string, source: PatternSource): Pattern {
    return new Pattern(this.#nextPatternId++, raw, source.versionSource);
  }

  content(sources: readonly PatternSource[], kind: ContentKind): ContentIndex {
    const literals: string[] = [];
    const literalIds = new Map<string, number>();
    const byLiteral: PatternRef[][] = [];
    const unfiltered: PatternRef[] = [];
    sources.forEach((source) => {
      const { definition, technology } = source;
      for (const raw of definition.content[kind] ?? []) {
        const ref = { technology, pattern: this.pattern(raw, source) };
        if (ref.pattern.literals === null) {
          unfiltered.push(ref);
          continue;
        }
        for (const literal of ref.pattern.literals) {
          let id = literalIds.get(literal);
          if (id === undefined) {
            id = literals.length;
            literals.push(literal);
            literalIds.set(literal, id);
            byLiteral.push([]);
          }
          byLiteral[id]?.push(ref);
        }
      }
    });
    let automaton: LiteralIndex | undefined;
    return {
      literals,
      byLiteral,
      unfiltered,
      automaton: () => (automaton ??= LiteralIndex.build(literals)),
    };
  }

  keyed(sources: readonly PatternSource[], kind: KeyedKind): KeyedIndex {
    const exact = new Map<string, PatternRef[]>();
    sources.forEach((source) => {
      for (const [key, patterns] of source.definition.keyed[kind] ?? []) {
        for (const raw of patterns) push(exact, key, { technology: source.technology, pattern: this.pattern(raw, source) });
      }
    });
    const wildcards =
      kind === 'js'
        ? []
        : [...exact].flatMap(([key, refs]) => {
            const matches = wildcardMatcher(key);
            return matches ? [{ matches, refs }] : [];
          });
    return { exact, wildcards };
  }

  dom(sources: readonly PatternSource[]): Map<string, DomRef[]> {
    const bySelector = new Map<string, DomRef[]>();
    sources.forEach((source) => {
      for (const rule of source.definition.dom) {
        push(bySelector, rule.selector, {
          technology: source.technology,
          exists: rule.exists.map((raw) => this.pattern(raw, source)),
          text: rule.text.map((raw) => this.pattern(raw, source)),
          attributes: rule.attributes.map(([name, raw]) => [name, this.pattern(raw, source)] as const),
          properties: rule.properties.map(([name, raw]) => [name, this.pattern(raw, source)] as const),
        });
      }
    });
    return bySelector;
  }
}

/** How a key that is not a plain name matches signal names (lowercased), or null. */
function wildcardMatcher(key: string): ((name: string) => boolean) | null {
  if (GLOB_KEY.test(key)) {
    const prefix = key.slice(0, -1);
    return (name) => name.startsWith(prefix);
  }
  if (!REGEX_KEY.test(key)) return null;
  try {
    const regex = new RegExp(`^(?:${boundQuantifiers(key.replace(INLINE_CASE_FLAG, ''))})$`, 'i');
    return (name) => regex.test(name);
  } catch {
    return null;
  }
}

function compile(fingerprints: Fingerprints): CompiledDatabase {
  const { technologies, categories } = fingerprints;
  const byName = new Map(technologies.map((definition, index) => [definition.name, index]));
  const categoryNames = new Map(categories.map((category) => [category.id, category.name]));
  const categoryByName = new Map(categories.map((category) => [category.name.toLowerCase(), category.id]));
  const lookup = (raw: string): number | undefined => byName.get(parseTagged(raw).value);

  const requiredBy = new Map<number, number[]>();
  const requiredByCategory = new Map<number, number[]>();
  const conditional = new Uint8Array(technologies.length);
  technologies.forEach((definition, technology) => {
    if (definition.requires.length > 0 || definition.requiresCategory.length > 0) conditional[technology] = 1;
    // Any one of several requirements starts the evaluation, as in the reference driver.
    for (const raw of definition.requires) {
      const required = lookup(raw);
      if (required !== undefined) push(requiredBy, required, technology);
    }
    for (const category of definition.requiresCategory) {
      const id = /^\d+$/.test(category) ? Number(category) : categoryByName.get(category.toLowerCase());
      if (id !== undefined) push(requiredByCategory, id, technology);
    }
  });

  // Our own rules come after the database's patterns, each pattern marked with where it came from.
  const sources: PatternSource[] = [
    ...technologies.map((definition, technology) => ({ technology, definition, versionSource: 'pattern' as const })),
    ...fingerprints.ownRules.map((rule) => ({ ...rule, versionSource: 'own-rule' as const })),
  ];
  const builder = new Builder();
  const contentIndex = (kind: ContentKind): ContentIndex => builder.content(sources, kind);
  const keyedIndex = (kind: KeyedKind): KeyedIndex => builder.keyed(sources, kind);
  return {
    names: technologies.map((definition) => definition.name),
    categoryIds: technologies.map((definition) => definition.categories.filter((id) => categoryNames.has(id))),
    categoryNames,
    byName,
    conditional,
    requiredBy,
    requiredByCategory,
    implies: technologies.map((definition) =>
      definition.implies.flatMap((raw) => {
        const tagged = parseTagged(raw);
        const technology = byName.get(tagged.value);
        return technology === undefined ? [] : [{ technology, confidence: tagged.confidence, version: tagged.version ?? '' }];
      }),
    ),
    excludes: technologies.map((definition) => definition.excludes.flatMap((raw) => lookup(raw) ?? [])),
    content: {
      url: contentIndex('url'),
      html: contentIndex('html'),
      text: contentIndex('text'),
      css: contentIndex('css'),
      robots: contentIndex('robots'),
      certIssuer: contentIndex('certIssuer'),
      scriptSrc: contentIndex('scriptSrc'),
      scripts: contentIndex('scripts'),
      xhr: contentIndex('xhr'),
    },
    keyed: {
      headers: keyedIndex('headers'),
      cookies: keyedIndex('cookies'),
      meta: keyedIndex('meta'),
      dns: keyedIndex('dns'),
      js: keyedIndex('js'),
    },
    dom: builder.dom(sources),
  };
}

const compiled = new WeakMap<Fingerprints, CompiledDatabase>();

/** The compiled form of `fingerprints`, built on first call and shared afterwards. */
export function compiledDatabase(fingerprints: Fingerprints): CompiledDatabase {
  let database = compiled.get(fingerprints);
  if (!database) {
    database = compile(fingerprints);
    compiled.set(fingerprints, database);
  }
  return database;
}
