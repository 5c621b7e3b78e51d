/**
 * The value a noisy series has settled on. A new value takes over only once it has held for
 * `confirmations(from, to)` consecutive entries, so a value that flaps (an A/B-tested script,
 * a header from one misconfigured edge node, a round-robin address) never reads as a change,
 * while one that stays is reported exactly once, in the scan where it became settled.
 */
export interface Transition<T> {
  /** The newest entry that still had the previously settled value. */
  readonly from: T;
  /** The last entry, where the new value became settled. */
  readonly to: T;
  /** How many entries at the end carry the new value. */
  readonly held: number;
}

export interface Baseline {
  /** The first this many entries are the baseline: nothing is reported within them. */
  readonly entries: number;
  /** The settled value of the baseline, from its entries' keys. */
  readonly settle: (keys: readonly string[]) => string;
}

const FIRST_ENTRY: Baseline = { entries: 1, settle: (keys) => keys[0] ?? '' };

export function settledTransition<T>(
  entries: readonly T[],
  keyOf: (entry: T) => string,
  confirmations: (from: string, to: string) => number,
  baseline: Baseline = FIRST_ENTRY,
): Transition<T> | null {
  const keys = entries.map(keyOf);
  const start = Math.max(1, baseline.entries);
  if (keys.length <= start) return null;
  let settled = baseline.settle(keys.slice(0, start));
  let before = settled;
  for (let index = start; index < keys.length; index += 1) {
    before = settled;
    const key = keys[index] ?? settled;
    if (key !== settled && runLength(keys, index, key) >= confirmations(settled, key)) settled = key;
  }
  const last = entries.at(-1);
  if (settled === before || last === undefined) return null;
  const from = entries[keys.lastIndexOf(before)];
  return from === undefined ? null : { from, to: last, held: runLength(keys, keys.length - 1, settled) };
}

/** How many entries ending at `end` have `key`. */
function runLength(keys: readonly string[], end: number, key: string): number {
  let length = 0;
  for (let index = end; index >= 0 && keys[index] === key; index -= 1) length += 1;
  return length;
}
