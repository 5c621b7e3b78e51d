/**
 * How much of a text changed, and a short excerpt of where. The measure is over word pairs
 * (bigrams), counted with multiplicity: reordering whole blocks (a carousel) changes little,
 * a rewritten paragraph changes about its share of the page. Linear in the text's length.
 */

/** Texts longer than this are compared on their first words only; the scan bounds text anyway. */
const MAX_WORDS = 100_000;
const CONTEXT_WORDS = 4;
export const EXCERPT_CHARS = 200;

export function words(text: string): string[] {
  return text
    .split(/\s+/)
    .filter((word) => word !== '')
    .slice(0, MAX_WORDS);
}

/** Percent of the longer text's word pairs that the other text does not have (0 to 100). */
export function changedPercent(before: readonly string[], after: readonly string[]): number {
  const a = grams(before);
  const b = grams(after);
  const total = Math.max(a.length, b.length);
  if (total === 0) return 0;
  const counts = new Map<string, number>();
  for (const gram of a) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  let common = 0;
  for (const gram of b) {
    const left = counts.get(gram) ?? 0;
    if (left > 0) {
      common += 1;
      counts.set(gram, left - 1);
    }
  }
  return (100 * (total - common)) / total;
}

function grams(list: readonly string[]): string[] {
  const lower = list.map((word) => word.toLowerCase());
  if (lower.length < 2) return lower;
  const pairs: string[] = [];
  for (let index = 1; index < lower.length; index += 1) pairs.push(`${lower[index - 1]} ${lower[index]}`);
  return pairs;
}

/**
 * The region between the common beginning and the common end of the two texts, with a few
 * words of context, cut to EXCERPT_CHARS: for one edit exactly what changed, for many the span
 * from the first to the last.
 */
export function excerpts(before: readonly string[], after: readonly string[]): { before: string; after: string } {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) {
    suffix += 1;
  }
  const cut = (list: readonly string[]) => {
    const start = Math.max(0, prefix - CONTEXT_WORDS);
    const end = Math.min(list.length, list.length - suffix + CONTEXT_WORDS);
    const text = list.slice(start, end).join(' ');
    const lead = start > 0 ? '…' : '';
    return lead + (text.length > EXCERPT_CHARS ? `${clip(text)}…` : `${text}${end < list.length ? '…' : ''}`);
  };
  return { before: cut(before), after: cut(after) };
}

/** Cut at the last word boundary that fits, so an excerpt never ends in half a word. */
function clip(text: string): string {
  const head = text.slice(0, EXCERPT_CHARS - 1);
  const space = head.lastIndexOf(' ');
  return (space > EXCERPT_CHARS / 2 ? head.slice(0, space) : head).trimEnd();
}
