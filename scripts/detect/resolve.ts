import type { CompiledDatabase } from './compile.ts';
import type { Detections } from './match.ts';
import type { VersionSource } from '../schema/signals.ts';
import { chooseSourcedVersion } from './version.ts';

/**
 * From pattern hits to detected technologies, as the reference engine resolved them:
 * confidence summed per technology (each pattern once) and capped at 100; the longest usable
 * version of the most trusted source (version.ts); `excludes` removing detected technologies; then `implies` adding technologies,
 * transitively, with the implying technology's confidence capped by the implication's own.
 */

export const MAX_CONFIDENCE = 100;

export interface Resolved {
  readonly confidence: number;
  readonly version: string;
  /** Where `version` came from; null without a version. */
  readonly versionSource: VersionSource | null;
  /** False when the technology is only implied. */
  readonly matched: boolean;
}

function applyExcludes(database: CompiledDatabase, detected: Map<number, Resolved>): void {
  // In database order; a technology removed by an earlier one excludes nothing itself.
  for (const technology of [...detected.keys()]) {
    if (!detected.has(technology)) continue;
    for (const excluded of database.excludes[technology] ?? []) {
      if (excluded !== technology) detected.delete(excluded);
    }
  }
}

/**
 * Adds implied technologies until nothing changes. A technology implied along several paths
 * takes the most confident one (the reference took whichever came first); one that was
 * matched directly keeps its own confidence and version.
 */
function applyImplies(database: CompiledDatabase, resolved: Map<number, Resolved>): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const [technology, { confidence }] of [...resolved]) {
      for (const implication of database.implies[technology] ?? []) {
        const current = resolved.get(implication.technology);
        if (current?.matched) continue;
        const offered = Math.min(confidence, implication.confidence);
        const better = !current || offered > current.confidence || (offered === current.confidence && implication.version.length > current.version.length);
        if (better) {
          resolved.set(implication.technology, {
            confidence: offered,
            version: implication.version,
            versionSource: implication.version === '' ? null : 'pattern',
            matched: false,
          });
          changed = true;
        }
      }
    }
  }
}

/** Detected and implied technologies by index, in database order then implication order. */
export function resolveDetections(database: CompiledDatabase, detections: Detections): Map<number, Resolved> {
  const resolved = new Map<number, Resolved>();
  for (const [technology, hits] of detections.entries()) {
    const version = chooseSourcedVersion(hits.versions);
    resolved.set(technology, {
      confidence: Math.min(MAX_CONFIDENCE, hits.confidence),
      version: version?.value ?? '',
      versionSource: version?.source ?? null,
      matched: true,
    });
  }
  applyExcludes(database, resolved);
  applyImplies(database, resolved);
  return resolved;
}
