import type { SignalsInput, Technology } from '../schema/signals.ts';
import { compiledDatabase, type CompiledDatabase } from './compile.ts';
import type { Fingerprints } from './fingerprints.ts';
import { matchSignals } from './input.ts';
import { Detections, Matcher } from './match.ts';
import { probeFindings } from './probes.ts';
import { resolveDetections, type Resolved } from './resolve.ts';

/**
 * Technologies whose requirement (`requires`, `requiresCategory`) is among `resolved` and
 * that were not evaluated yet; marks them evaluated. Null when there are none.
 */
function newlyRequired(database: CompiledDatabase, resolved: ReadonlyMap<number, Resolved>, evaluated: Uint8Array): Uint8Array | null {
  const next = new Uint8Array(evaluated.length);
  let any = false;
  const activate = (dependents: readonly number[] | undefined): void => {
    for (const dependent of dependents ?? []) {
      if (evaluated[dependent]) continue;
      evaluated[dependent] = 1;
      next[dependent] = 1;
      any = true;
    }
  };
  for (const technology of resolved.keys()) {
    activate(database.requiredBy.get(technology));
    for (const category of database.categoryIds[technology] ?? []) activate(database.requiredByCategory.get(category));
  }
  return any ? next : null;
}

function compareNames(a: Technology, b: Technology): number {
  const left = a.name.toLowerCase();
  const right = b.name.toLowerCase();
  if (left !== right) return left < right ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function technologies(database: CompiledDatabase, resolved: ReadonlyMap<number, Resolved>): Technology[] {
  return [...resolved]
    .map(([technology, { confidence, version, versionSource }]) => ({
      name: database.names[technology] ?? '',
      version: version === '' ? null : version,
      ...(version !== '' && versionSource !== null ? { versionSource } : {}),
      confidence,
      categories: (database.categoryIds[technology] ?? []).flatMap((id) => database.categoryNames.get(id) ?? []),
    }))
    .sort(compareNames);
}

/**
 * The technologies `signals` reveal, sorted by name (case-insensitively). Pure: no browser,
 * network or file access; the fingerprints' patterns are compiled on the first call.
 *
 * Runtime probe findings (probes.ts) count as hits before the first pass. Technologies with
 * requirements are evaluated only after a pass detects what they require (directly or by
 * implication); passes repeat until nothing new is required.
 */
export function detect(signals: SignalsInput, fingerprints: Fingerprints): Technology[] {
  const database = compiledDatabase(fingerprints);
  const input = matchSignals(signals);
  const matcher = new Matcher(database, input);
  const detections = new Detections();
  for (const finding of probeFindings(input.probes)) {
    const technology = database.byName.get(finding.technology);
    if (technology !== undefined) detections.addProbe(technology, finding.probe, finding.confidence, finding.version);
  }
  const evaluated = database.conditional.map((conditional) => (conditional ? 0 : 1));
  let pass: Uint8Array | null = evaluated.slice();
  let resolved = new Map<number, Resolved>();
  while (pass) {
    matcher.evaluate(pass, detections);
    resolved = resolveDetections(database, detections);
    pass = newlyRequired(database, resolved, evaluated);
  }
  return technologies(database, resolved);
}
