/**
 * The `\;version:` tag: rendering a version from a match, and choosing one version when a
 * technology matched several times.
 *
 * Template syntax (webappanalyzer README): `\1` is capture group 1; `\1?a:b` is `a` when
 * group 1 captured something and `b` otherwise (`b` runs to the end of the template, as in the
 * reference engine); `\1?a:` and `\1?:b` leave one side empty; other text is literal
 * (`foo\1` prefixes). References to groups that did not take part render as nothing.
 */

import type { VersionSource } from '../schema/signals.ts';

/** Longer captures are not versions (minified code, ids); the reference engine ignored them. */
export const MAX_GROUP_LENGTH = 10;
/** A chosen version is at most this long. */
export const MAX_VERSION_LENGTH = 15;
/** Versions starting with numbers this large are timestamps or build ids. */
export const MAX_VERSION_NUMBER = 10_000;

type Groups = ArrayLike<string | undefined>;

function groupValue(groups: Groups, index: number): string {
  const value = groups[index] ?? '';
  return value.length > MAX_GROUP_LENGTH ? '' : value;
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function render(template: string, groups: Groups): string {
  let out = '';
  let index = 0;
  while (index < template.length) {
    const char = template[index] ?? '';
    const next = template[index + 1];
    if (char === '\\' && isDigit(next)) {
      const value = groupValue(groups, Number(next));
      const colon = template[index + 2] === '?' ? template.indexOf(':', index + 3) : -1;
      if (colon !== -1) {
        const chosen = value ? template.slice(index + 3, colon) : template.slice(colon + 1);
        return out + render(chosen, groups);
      }
      out += value;
      index += 2;
    } else {
      out += char;
      index += 1;
    }
  }
  return out;
}

/** The version a `\;version:` template gives for one regex match (trimmed; may be empty). */
export function renderVersion(template: string, groups: Groups): string {
  return render(template, groups).trim();
}

/** Whether a rendered version may be reported at all. */
export function isUsableVersion(version: string): boolean {
  return version.length > 0 && version.length <= MAX_VERSION_LENGTH && (Number.parseInt(version, 10) || 0) < MAX_VERSION_NUMBER;
}

/**
 * The reference engine's choice among the versions found for one technology: the longest
 * usable one, the first found on a tie. Returns '' when none is usable.
 */
export function chooseVersion(candidates: Iterable<string>): string {
  let chosen = '';
  for (const candidate of candidates) {
    if (candidate.length > chosen.length && isUsableVersion(candidate)) chosen = candidate;
  }
  return chosen;
}

export interface SourcedVersion {
  readonly value: string;
  readonly source: VersionSource;
}

/**
 * Which source's version wins, first to last: a probe read the running code; the database's
 * patterns come before our own rules, which only fill in what the database does not read.
 */
const SOURCE_PRECEDENCE: readonly VersionSource[] = ['probe', 'pattern', 'own-rule'];

/**
 * The version reported for one technology: the reference engine's choice (`chooseVersion`)
 * among the versions of the first source, in precedence order, that has a usable one. Null
 * when no version is usable.
 */
export function chooseSourcedVersion(candidates: readonly SourcedVersion[]): SourcedVersion | null {
  for (const source of SOURCE_PRECEDENCE) {
    const value = chooseVersion(candidates.filter((candidate) => candidate.source === source).map((candidate) => candidate.value));
    if (value !== '') return { value, source };
  }
  return null;
}
