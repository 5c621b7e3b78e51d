import type { Content } from '../schema/scan.ts';
import { sha256 } from '../shared/hash.ts';
import type { ParsedDocument } from './html.ts';
import { normaliseSpace } from './html.ts';

/**
 * The content summary change detection compares: title, description, canonical URL, headings,
 * and a hash of the visible text with the monitor's ignore patterns removed, so a rotating
 * promo or a stock counter never reads as a change.
 */
export function contentSummary(document: ParsedDocument, ignorePatterns: readonly string[]): { content: Content; text: string } {
  const text = applyIgnorePatterns(document.text, ignorePatterns);
  return {
    content: {
      title: document.title,
      description: document.description,
      canonical: document.canonical,
      headings: document.headings.map((heading) => ({ level: heading.level, text: applyIgnorePatterns(heading.text, ignorePatterns) })),
      textHash: sha256(text),
      wordCount: countWords(text),
    },
    text,
  };
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
