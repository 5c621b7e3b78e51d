import type { Content } from '../schema/scan.ts';
import { blockHash, MASKING_VERSION } from '../shared/volatile-text.ts';
import type { ParsedDocument } from './html.ts';
import { normaliseSpace } from './html.ts';
import { LIMITS } from './limits.ts';

/**
 * The content summary change detection compares: title, description, canonical URL, headings,
 * and the visible text as blocks — each block a short hash of its text with volatile tokens
 * masked (scripts/shared/volatile-text.ts) and the monitor's ignore patterns removed — plus the
 * original wording of each block, which is kept beside the history for excerpts, not in it.
 */

export interface ContentSummary {
  readonly content: Content;
  /** Normalised visible text, ignore rules applied (for detection's text patterns). */
  readonly text: string;
  /** Block hash → its text as the page shows it (cut to LIMITS.maxBlockChars). */
  readonly blockTexts: Readonly<Record<string, string>>;
}

export function contentSummary(document: ParsedDocument, ignorePatterns: readonly string[]): ContentSummary {
  const text = applyIgnorePatterns(document.text, ignorePatterns);
  const { hashes, texts } = hashBlocks(document.blocks, ignorePatterns);
  return {
    content: {
      title: document.title,
      description: document.description,
      canonical: document.canonical,
      headings: document.headings.map((heading) => ({ level: heading.level, text: applyIgnorePatterns(heading.text, ignorePatterns) })),
      blocks: hashes,
      masking: MASKING_VERSION,
      wordCount: countWords(text),
    },
    text,
    blockTexts: texts,
  };
}

/** Hashes of a page's blocks, each once, in the order they first appear. */
export function hashBlocks(blocks: readonly string[], ignorePatterns: readonly string[]): { hashes: string[]; texts: Record<string, string> } {
  const hashes: string[] = [];
  const texts: Record<string, string> = {};
  for (const block of blocks) {
    const cleaned = applyIgnorePatterns(block, ignorePatterns);
    if (!/[\p{L}\p{N}]/u.test(cleaned)) continue;
    const hash = blockHash(cleaned);
    if (texts[hash] !== undefined) continue;
    hashes.push(hash);
    texts[hash] = cleaned.length > LIMITS.maxBlockChars ? `${cleaned.slice(0, LIMITS.maxBlockChars - 1)}…` : cleaned;
  }
  return { hashes, texts };
}

/**
 * The blocks that differ between loads of the same page: in some of them and not in all. A
 * rotating promo, an A/B headline or a counter shows up here; text every load agrees on does not.
 */
export function volatileBlocks(loads: readonly (readonly string[])[]): string[] {
  if (loads.length < 2) return [];
  const counts = new Map<string, number>();
  for (const load of loads) for (const hash of new Set(load)) counts.set(hash, (counts.get(hash) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count < loads.length)
    .map(([hash]) => hash)
    .sort();
}

/** Patterns are validated with the same flags when monitors load (scripts/monitors/rules.ts). */
export function applyIgnorePatterns(text: string, patterns: readonly string[]): string {
  let result = text;
  for (const pattern of patterns) result = result.replace(new RegExp(pattern, 'giu'), ' ');
  return normaliseSpace(result);
}

export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu)?.length ?? 0;
}
