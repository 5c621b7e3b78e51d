/** The candidate closest to `input` by edit distance, when close enough to be a likely typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const abbreviated = candidates.filter((candidate) => abbreviates(input, candidate));
  if (abbreviated.length === 1) return abbreviated[0];
  const needle = input.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  const tolerance = Math.max(2, Math.floor(input.length / 3));
  return best && best.distance <= tolerance ? best.candidate : undefined;
}

export function didYouMean(input: string, candidates: readonly string[]): string {
  const suggestion = closest(input, candidates);
  return suggestion ? ` (did you mean "${suggestion}"?)` : '';
}

/** `tech_added` abbreviates `technology_added`: each word is a prefix of the word in its place. */
function abbreviates(input: string, candidate: string): boolean {
  const words = (text: string) =>
    text
      .toLowerCase()
      .split(/[_\-.\s]+/)
      .filter(Boolean);
  const short = words(input);
  const long = words(candidate);
  return short.length === long.length && short.every((word, index) => (long[index] ?? '').startsWith(word));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
