import type { VersionSource } from '../schema/signals.ts';
import { boundQuantifiers, requiredLiterals } from './regex-source.ts';

/**
 * One fingerprint pattern: a regex source with tags appended after `\;` (`confidence:N`,
 * `version:template`). The same tag syntax follows technology names in `implies`.
 */

export const DEFAULT_CONFIDENCE = 100;
const TAG_SEPARATOR = '\\;';

export interface Tagged {
  readonly value: string;
  /** 0–100; 100 unless a `confidence` tag says otherwise. */
  readonly confidence: number;
  /** The `version` tag's template, or null without one. */
  readonly version: string | null;
}

/** Splits `value\;tag:x\;tag:y`; unknown tags and tags without `:` are ignored. */
export function parseTagged(raw: string): Tagged {
  const [value = '', ...tags] = raw.split(TAG_SEPARATOR);
  let confidence = DEFAULT_CONFIDENCE;
  let version: string | null = null;
  for (const tag of tags) {
    const colon = tag.indexOf(':');
    if (colon === -1) continue;
    const name = tag.slice(0, colon);
    const text = tag.slice(colon + 1);
    if (name === 'confidence') {
      const parsed = Number.parseInt(text, 10);
      if (Number.isFinite(parsed)) confidence = Math.min(DEFAULT_CONFIDENCE, Math.max(0, parsed));
    } else if (name === 'version') {
      version = text === '' ? null : text;
    }
  }
  return { value, confidence, version };
}

/**
 * A compiled pattern. Its RegExp is built on first use: most patterns never run on a given
 * page because their literal is absent or their key has no signal.
 */
export class Pattern {
  readonly confidence: number;
  readonly version: string | null;
  /** The source as run: case-insensitive, quantifiers bounded. */
  readonly source: string;
  readonly #value: string;
  #literals: readonly string[] | null | undefined;
  #regex: RegExp | null | undefined;

  constructor(
    /** Unique within one database, so a pattern counts once towards confidence. */
    readonly id: number,
    raw: string,
    /** The database's own pattern, or one of our rules layered on it (own-rules.ts). */
    readonly versionSource: Exclude<VersionSource, 'probe'> = 'pattern',
  ) {
    const tagged = parseTagged(raw);
    this.confidence = tagged.confidence;
    this.version = tagged.version;
    this.source = boundQuantifiers(tagged.value);
    this.#value = tagged.value;
  }

  /** Literals of which every match contains one (lowercased), or null to always run. */
  get literals(): readonly string[] | null {
    if (this.#literals === undefined) this.#literals = requiredLiterals(this.#value);
    return this.#literals;
  }

  /**
   * The match of this pattern in `value`, or null. An invalid source never matches (the
   * database's invalid patterns are listed in `Fingerprints.problems` when it is loaded).
   */
  exec(value: string): RegExpExecArray | null {
    if (this.#regex === undefined) {
      try {
        this.#regex = new RegExp(this.source, 'i');
      } catch {
        this.#regex = null;
      }
    }
    return this.#regex === null ? null : this.#regex.exec(value);
  }
}
