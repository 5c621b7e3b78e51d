/**
 * The one settle rule every detector follows. A series of entries (a monitor's comparable scans,
 * oldest first) is read through a key (a technology's presence, a header's canonical value, a
 * text block's presence…). The first entry is the baseline. A new key takes over once it has
 * held for its confirmation count, and is reported in the entry where that happens — unless it
 * is a known state: a key the series already had within the `recent` entries before the new
 * key's run, or one the entries marked as volatile (a block seen to differ between two loads
 * of the page). A known state takes over silently, so a rotating promo, an A/B variant or a
 * round-robin address never alarms once seen, and a key that flaps never holds long enough.
 */

export interface SettleRules {
  /** Entries in a row a new key must hold for before it takes over from `from`. */
  confirmations(from: string, to: string): number;
  /** How many entries before a new key's run count for "seen recently". */
  readonly recent: number;
  /** Keys an entry saw besides its own (evidence of volatility within that scan). */
  readonly alsoSeen?: (index: number) => readonly string[];
}

export interface Transition<T> {
  /** The newest entry before the new key's run that still had the previously settled key. */
  readonly from: T;
  /** The last entry, where the new key became settled. */
  readonly to: T;
  /** How many entries at the end carry the new key. */
  readonly held: number;
}

/** The transition the last entry completes and that is news, or null. */
export function settledTransition<T>(entries: readonly T[], keyOf: (entry: T, index: number) => string, rules: SettleRules): Transition<T> | null {
  const keys = entries.map((entry, index) => keyOf(entry, index));
  const first = keys[0];
  if (first === undefined) return null;
  const last = keys.length - 1;
  let settled = first;
  let news: Transition<T> | null = null;
  for (let index = 1; index <= last; index += 1) {
    const key = keys[index] ?? settled;
    if (key === settled) continue;
    const held = runLength(keys, index, key);
    if (held < rules.confirmations(settled, key)) continue;
    const start = index - held + 1;
    if (index === last && !seen(keys, key, Math.max(0, start - rules.recent), index + 1, rules)) {
      const from = entries[lastIndexBefore(keys, settled, start)];
      const to = entries[index];
      if (from !== undefined && to !== undefined) news = { from, to, held };
    }
    settled = key;
  }
  return news;
}

/** Whether `key` was an entry's own key before `runStart`, or marked as seen anywhere in [from, to). */
function seen(keys: readonly string[], key: string, from: number, to: number, rules: SettleRules): boolean {
  const runStart = to - runLength(keys, to - 1, key);
  for (let index = from; index < to; index += 1) {
    if (index < runStart && keys[index] === key) return true;
    if (rules.alsoSeen?.(index).includes(key)) return true;
  }
  return false;
}

/** How many entries ending at `end` have `key`. */
function runLength(keys: readonly string[], end: number, key: string): number {
  let length = 0;
  for (let index = end; index >= 0 && keys[index] === key; index -= 1) length += 1;
  return length;
}

function lastIndexBefore(keys: readonly string[], key: string, before: number): number {
  for (let index = before - 1; index >= 0; index -= 1) if (keys[index] === key) return index;
  return 0;
}
