import type { CompiledDatabase, DomRef, PatternRef } from './compile.ts';
import { isKeyedKind, type ContentKind, type KeyedKind } from './database.ts';
import type { MatchSignals, NodeSignal } from './input.ts';
import type { Pattern } from './pattern.ts';
import { renderVersion, type SourcedVersion } from './version.ts';

/**
 * Running patterns against signals. Each pass evaluates one set of technologies (first those
 * without requirements, then those whose requirement was just detected); the pages' literal
 * scans are shared by all passes of one `detect` call.
 */

/**
 * Signals in the order the reference driver collected them (response headers and certificate,
 * script bodies, DOM, js, then the page): the first of equally long versions wins.
 */
const EVALUATION_ORDER = [
  'headers',
  'certIssuer',
  'scripts',
  'dom',
  'js',
  'cookies',
  'css',
  'html',
  'meta',
  'scriptSrc',
  'text',
  'url',
  'xhr',
  'robots',
  'dns',
] as const satisfies readonly (ContentKind | KeyedKind | 'dom')[];

export interface TechnologyHits {
  /** Ids of the patterns (and probes) that matched: each counts once towards confidence. */
  readonly patterns: Set<string>;
  confidence: number;
  /** Rendered versions, in the order found, each with where it came from. */
  readonly versions: SourcedVersion[];
}

/** Everything matched so far in one `detect` call, per technology index. */
export class Detections {
  readonly #byTechnology = new Map<number, TechnologyHits>();

  add(technology: number, pattern: Pattern, match: RegExpExecArray): void {
    const version = pattern.version === null ? null : { value: renderVersion(pattern.version, match), source: pattern.versionSource };
    this.#hit(technology, `pattern:${pattern.id}`, pattern.confidence, version);
  }

  /** A runtime probe's finding (probes.ts): counted once per probe, like a pattern. */
  addProbe(technology: number, probe: string, confidence: number, version: string | null): void {
    this.#hit(technology, `probe:${probe}`, confidence, version === null ? null : { value: version, source: 'probe' });
  }

  #hit(technology: number, id: string, confidence: number, version: SourcedVersion | null): void {
    let hits = this.#byTechnology.get(technology);
    if (!hits) {
      hits = { patterns: new Set(), confidence: 0, versions: [] };
      this.#byTechnology.set(technology, hits);
    }
    if (!hits.patterns.has(id)) {
      hits.patterns.add(id);
      hits.confidence += confidence;
    }
    if (version !== null) hits.versions.push(version);
  }

  /** Detected technologies in database order. */
  entries(): [number, TechnologyHits][] {
    return [...this.#byTechnology].sort(([a], [b]) => a - b);
  }
}

function run(detections: Detections, technology: number, pattern: Pattern, value: string): void {
  const match = pattern.exec(value);
  if (match) detections.add(technology, pattern, match);
}

export class Matcher {
  /** Per content kind: literal id → indices of the values containing it. */
  readonly #found = new Map<ContentKind, Map<number, number[]>>();

  constructor(
    private readonly database: CompiledDatabase,
    private readonly signals: MatchSignals,
  ) {}

  /** Runs the patterns of the technologies marked in `active` and records what matched. */
  evaluate(active: Uint8Array, detections: Detections): void {
    for (const kind of EVALUATION_ORDER) {
      if (kind === 'dom') this.#dom(active, detections);
      else if (isKeyedKind(kind)) this.#keyed(kind, active, detections);
      else this.#content(kind, active, detections);
    }
  }

  #literalsFound(kind: ContentKind): Map<number, number[]> {
    let found = this.#found.get(kind);
    if (!found) {
      const byLiteral = new Map<number, number[]>();
      this.database.content[kind].automaton().scan(this.signals.content[kind], (literal, value) => {
        const list = byLiteral.get(literal);
        if (list) list.push(value);
        else byLiteral.set(literal, [value]);
      });
      found = byLiteral;
      this.#found.set(kind, found);
    }
    return found;
  }

  #content(kind: ContentKind, active: Uint8Array, detections: Detections): void {
    const values = this.signals.content[kind];
    if (values.length === 0) return;
    const index = this.database.content[kind];
    const candidates = new Map<PatternRef, Set<number>>();
    for (const [literal, valueIndices] of this.#literalsFound(kind)) {
      for (const ref of index.byLiteral[literal] ?? []) {
        if (!active[ref.technology]) continue;
        const known = candidates.get(ref);
        if (known) for (const value of valueIndices) known.add(value);
        else candidates.set(ref, new Set(valueIndices));
      }
    }
    const everyValue = values.map((_, valueIndex) => valueIndex);
    for (const ref of index.unfiltered) {
      if (active[ref.technology]) candidates.set(ref, new Set(everyValue));
    }
    const ordered = [...candidates].sort(([a], [b]) => a.pattern.id - b.pattern.id);
    for (const [ref, valueIndices] of ordered) {
      for (const valueIndex of [...valueIndices].sort((a, b) => a - b)) {
        run(detections, ref.technology, ref.pattern, values[valueIndex] ?? '');
      }
    }
  }

  #keyed(kind: KeyedKind, active: Uint8Array, detections: Detections): void {
    const index = this.database.keyed[kind];
    for (const [name, values] of this.signals.keyed[kind]) {
      // A name can match a key both exactly and as a pattern: run each pattern once.
      const refs = new Set([
        ...(index.exact.get(name) ?? []),
        ...index.wildcards.filter((wildcard) => wildcard.matches(name)).flatMap((wildcard) => wildcard.refs),
      ]);
      for (const ref of refs) {
        if (!active[ref.technology]) continue;
        for (const value of values) run(detections, ref.technology, ref.pattern, value);
      }
    }
  }

  #dom(active: Uint8Array, detections: Detections): void {
    for (const [selector, nodes] of this.signals.dom) {
      for (const ref of this.database.dom.get(selector) ?? []) {
        if (active[ref.technology]) matchDomRule(ref, nodes, detections);
      }
    }
  }
}

function matchDomRule(ref: DomRef, nodes: readonly NodeSignal[], detections: Detections): void {
  const { technology } = ref;
  if (nodes.some((node) => node.exists)) {
    for (const pattern of ref.exists) run(detections, technology, pattern, '');
  }
  for (const node of nodes) {
    if (node.text !== undefined) for (const pattern of ref.text) run(detections, technology, pattern, node.text);
    for (const [name, pattern] of ref.attributes) {
      const value = node.attributes.get(name);
      if (value !== undefined) run(detections, technology, pattern, value);
    }
    for (const [name, pattern] of ref.properties) {
      const value = node.properties.get(name);
      if (value !== undefined) run(detections, technology, pattern, value);
    }
  }
}
