/**
 * Runtime probes: what the in-page collector (scripts/scan/browser/in-page-probes.js) reads
 * from the frameworks running in the page, and how each reading becomes a technology of the
 * database (by its canonical name), a confidence and a version. Pure.
 *
 * The collector reports `signals.probes[id]` = the readings of probe `id`, strings only; it
 * checks each framework object's shape before it reads it, and this table checks each reading
 * again, so a page that merely has a global of the same name, or a malformed value, yields
 * nothing. The table is data, hashed into each scan's producer record with our own rules.
 */

export type ProbeReading =
  /** A version string as the framework states it. */
  | 'version'
  /** `<package>@<version>`: a React renderer as it registered with the DevTools hook. */
  | 'package@version'
  /** A major version alone (Svelte discloses only that). */
  | 'major';

export interface ProbeDefinition {
  /** The key the collector reports under. */
  readonly id: string;
  /** The fingerprint database's canonical name. */
  readonly technology: string;
  readonly confidence: number;
  readonly reading: ProbeReading;
  /** `package@version` readings: the packages that are this technology (others are ignored). */
  readonly packages?: readonly string[];
  /** What the probe reads, for the README and the reader of a scan. */
  readonly reads: string;
}

export const PROBES: readonly ProbeDefinition[] = [
  {
    id: 'react-renderer',
    technology: 'React',
    confidence: 100,
    reading: 'package@version',
    // The renderer of React for the web; other renderers (react-three-fiber, ink) report their own versions.
    packages: ['react-dom'],
    reads: 'each renderer that registers with a minimal __REACT_DEVTOOLS_GLOBAL_HOOK__ installed before the page runs: its rendererPackageName and version',
  },
  {
    id: 'vue-app',
    technology: 'Vue.js',
    confidence: 100,
    reading: 'version',
    reads: 'Vue 3: the app object on its mount element (__vue_app__, mounted on that element), its version',
  },
  {
    id: 'vue-root',
    technology: 'Vue.js',
    confidence: 100,
    reading: 'version',
    reads: "Vue 2: the component instance on an element (__vue__), its root's constructor's version",
  },
  {
    id: 'svelte-registry',
    technology: 'Svelte',
    confidence: 100,
    reading: 'major',
    reads: 'Svelte 4 and 5: the set of major versions the runtime adds to window.__svelte.v',
  },
];

export interface ProbeFinding {
  readonly probe: string;
  readonly technology: string;
  readonly confidence: number;
  /** Null when the probe found the technology but no usable version. */
  readonly version: string | null;
}

/** Readings read per probe; a page has one or two renderers, apps or registries. */
export const MAX_READINGS = 8;
/** A reported probe version is at most this long (the matcher's limit for any version). */
const MAX_PROBE_VERSION_LENGTH = 15;
const SEMVER = /^(\d{1,5}(?:\.\d{1,5}){0,3})(?:-([0-9A-Za-z.]{1,20})(?:-[0-9A-Za-z.-]*)?)?$/;
const MAJOR = /^\d{1,4}$/;
const PACKAGE = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/;

/**
 * React's build names the release builds of a version `<version>-next-<commit>-<date>` (react-dom
 * 18.3.1's UMD build reports `18.3.1-next-f1338f8080-20240426`): that is the release itself.
 */
const RELEASE_BUILD_TAGS: ReadonlySet<string> = new Set(['next']);

/**
 * A version as a reader wants it: the release, and the first part of a pre-release tag
 * (`19.3.0-canary-89d7b2b4-20261123` → `19.3.0-canary`; a framework's bundled canary is
 * named, not hidden). Null for anything else.
 */
export function probeVersion(text: string): string | null {
  const match = SEMVER.exec(text.trim());
  if (!match?.[1]) return null;
  const tag = match[2] && !RELEASE_BUILD_TAGS.has(match[2]) ? match[2] : null;
  const withTag = tag ? `${match[1]}-${tag}` : match[1];
  return withTag.length <= MAX_PROBE_VERSION_LENGTH ? withTag : match[1];
}

function read(definition: ProbeDefinition, reading: string): { version: string | null } | null {
  switch (definition.reading) {
    case 'version': {
      const version = probeVersion(reading);
      return version === null ? null : { version };
    }
    case 'major':
      return MAJOR.test(reading) ? { version: reading } : null;
    case 'package@version': {
      const at = reading.lastIndexOf('@');
      if (at <= 0) return null;
      const name = reading.slice(0, at);
      if (!PACKAGE.test(name) || !(definition.packages ?? []).includes(name)) return null;
      const version = probeVersion(reading.slice(at + 1));
      return version === null ? null : { version };
    }
  }
}

/**
 * The technologies the probes' readings show: one finding per probe with at least one valid
 * reading, with the highest version read (a page running two copies reports the newer).
 */
export function probeFindings(readings: ReadonlyMap<string, readonly string[]>): ProbeFinding[] {
  const findings: ProbeFinding[] = [];
  for (const definition of PROBES) {
    const versions = (readings.get(definition.id) ?? [])
      .slice(0, MAX_READINGS)
      .map((reading) => read(definition, reading))
      .filter((result) => result !== null)
      .map((result) => result.version);
    if (versions.length === 0) continue;
    const known = versions.filter((version) => version !== null).sort(compareVersions);
    findings.push({ probe: definition.id, technology: definition.technology, confidence: definition.confidence, version: known.at(-1) ?? null });
  }
  return findings;
}

/** Numeric order of the release parts; a pre-release sorts before its release. */
function compareVersions(a: string, b: string): number {
  const [aCore = '', aTag] = a.split('-', 2);
  const [bCore = '', bTag] = b.split('-', 2);
  const aParts = aCore.split('.').map(Number);
  const bParts = bCore.split('.').map(Number);
  for (let index = 0; index < Math.max(aParts.length, bParts.length); index += 1) {
    const difference = (aParts[index] ?? 0) - (bParts[index] ?? 0);
    if (difference !== 0) return difference;
  }
  if (aTag === bTag) return 0;
  if (aTag === undefined) return 1;
  if (bTag === undefined) return -1;
  return aTag < bTag ? -1 : 1;
}
