import type { z } from 'zod';
import { EnvironmentError } from '../errors.ts';
import {
  categoriesFileSchema,
  normaliseCategories,
  normaliseTechnologies,
  technologiesFileSchema,
  type CategoryDefinition,
  type TechnologyDefinition,
} from './database.ts';
import { parseTagged } from './pattern.ts';

/**
 * A fingerprint database ready for `detect`: validated, normalised definitions. Patterns are
 * compiled from it lazily, once per process (see compile.ts).
 */
export interface Fingerprints {
  /** Recorded with every scan, so a database update is never mistaken for a site change. */
  readonly version: string;
  readonly technologies: readonly TechnologyDefinition[];
  readonly categories: readonly CategoryDefinition[];
  /**
   * Invalid regexes and references to technologies or categories that do not exist. The
   * reference engine refused to start on these; here they are ignored (one bad entry in a
   * downloaded database should not stop every scan) and listed for diagnostics.
   */
  readonly problems: readonly string[];
  /** Our own rules layered on the database (own-rules.ts): more patterns for its technologies. */
  readonly ownRules: readonly OwnRule[];
}

/** Patterns of ours for one of the database's technologies, found by its canonical name. */
export interface OwnRule {
  /** Index into `technologies`. */
  readonly technology: number;
  readonly definition: TechnologyDefinition;
}

/** The two database files as parsed JSON, before validation. */
export interface FingerprintData {
  readonly technologies: unknown;
  readonly categories: unknown;
}

function parseFile<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map(String).join('.') : '';
    throw new EnvironmentError(`fingerprint database ${file} is not in the webappanalyzer format: ${where} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

function danglingReferences(technologies: readonly TechnologyDefinition[], categories: readonly CategoryDefinition[]): string[] {
  const names = new Set(technologies.map((technology) => technology.name));
  const categoryIds = new Set(categories.map((category) => category.id));
  const categoryNames = new Set(categories.map((category) => category.name.toLowerCase()));
  const problems: string[] = [];
  for (const technology of technologies) {
    const references = [
      ['implies', technology.implies],
      ['excludes', technology.excludes],
      ['requires', technology.requires],
    ] as const;
    for (const [field, values] of references) {
      for (const value of values) {
        const name = parseTagged(value).value;
        if (!names.has(name)) problems.push(`${technology.name}: ${field} unknown technology "${name}"`);
      }
    }
    for (const category of technology.requiresCategory) {
      if (!categoryIds.has(Number(category)) && !categoryNames.has(category.toLowerCase())) {
        problems.push(`${technology.name}: requiresCategory unknown category "${category}"`);
      }
    }
    for (const id of technology.categories) {
      if (!categoryIds.has(id)) problems.push(`${technology.name}: cats unknown category ${id}`);
    }
  }
  return problems;
}

function patternSources(technology: TechnologyDefinition): string[] {
  return [
    ...Object.values(technology.content).flat(),
    ...Object.values(technology.keyed).flatMap((pairs) => pairs.flatMap(([, patterns]) => patterns)),
    ...technology.dom.flatMap((rule) => [
      ...rule.exists,
      ...rule.text,
      ...rule.attributes.map(([, pattern]) => pattern),
      ...rule.properties.map(([, pattern]) => pattern),
    ]),
  ];
}

function invalidPatterns(technologies: readonly TechnologyDefinition[]): string[] {
  const problems: string[] = [];
  for (const technology of technologies) {
    for (const raw of patternSources(technology)) {
      const { value } = parseTagged(raw);
      try {
        new RegExp(value, 'i');
      } catch (error) {
        problems.push(`${technology.name}: invalid pattern ${JSON.stringify(value)} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }
  return problems;
}

/** Validates and normalises the database files (pure: the caller reads them). */
export function fingerprintsFromData(data: FingerprintData, version: string): Fingerprints {
  const technologies = normaliseTechnologies(parseFile(technologiesFileSchema, data.technologies, 'technologies.json'));
  const categories = normaliseCategories(parseFile(categoriesFileSchema, data.categories, 'categories.json'));
  const problems = [...invalidPatterns(technologies), ...danglingReferences(technologies, categories)];
  return { version, technologies, categories, problems, ownRules: [] };
}

/** Keys an own rule may not have: it adds patterns, never relations between technologies. */
const RELATION_KEYS = ['cats', 'implies', 'excludes', 'requires', 'requiresCategory'] as const;

/**
 * `fingerprints` with our own rules (webappanalyzer format, keyed by the database's canonical
 * names) layered on top. A rule for a name the database lacks, a relation key or an invalid
 * pattern is our mistake: it stops the load with every problem listed.
 */
export function layerOwnRules(fingerprints: Fingerprints, rules: Readonly<Record<string, Readonly<Record<string, unknown>>>>): Fingerprints {
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(rules)) {
    for (const key of RELATION_KEYS) if (key in rule) problems.push(`${name}: an own rule cannot have "${key}"`);
  }
  const definitions = normaliseTechnologies(parseFile(technologiesFileSchema, rules, 'own-rules.ts'));
  const byName = new Map(fingerprints.technologies.map((technology, index) => [technology.name, index]));
  const ownRules: OwnRule[] = [];
  for (const definition of definitions) {
    const technology = byName.get(definition.name);
    if (technology === undefined) problems.push(`${definition.name}: no technology of that name in ${fingerprints.version}`);
    else ownRules.push({ technology, definition });
  }
  problems.push(...invalidPatterns(definitions));
  if (problems.length > 0) throw new EnvironmentError(`our own detection rules are broken:\n  ${problems.join('\n  ')}`);
  return { ...fingerprints, ownRules: [...fingerprints.ownRules, ...ownRules] };
}
