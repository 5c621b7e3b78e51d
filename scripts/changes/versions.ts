/**
 * Version strings as the fingerprint database reports them ("18.2.0", "3.7", "GA4"). Only the
 * leading numeric segments are compared; anything else is an unclassified change.
 */
export type VersionBump = 'major' | 'minor' | 'patch';

const NUMERIC_PREFIX = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/i;

export function versionBump(previous: string | null, next: string | null): VersionBump | null {
  const before = previous === null ? null : NUMERIC_PREFIX.exec(previous.trim());
  const after = next === null ? null : NUMERIC_PREFIX.exec(next.trim());
  if (!before || !after) return null;
  if (Number(before[1]) !== Number(after[1])) return 'major';
  if (Number(before[2] ?? 0) !== Number(after[2] ?? 0)) return 'minor';
  return 'patch';
}

/** The leading numeric segments of a version (`18.2` → [18, 2, 0]); null when it has none. */
export function numericVersion(version: string | null): readonly [number, number, number] | null {
  const match = version === null ? null : NUMERIC_PREFIX.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : null;
}
