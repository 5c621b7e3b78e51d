import { z } from 'zod';
import { defineFamily, defineKind, type DetectionContext, type Finding } from '../../../scripts/changes/kinds/kind.ts';
import { CHANGE_FAMILIES, kindLookup } from '../../../scripts/changes/kinds/index.ts';

/**
 * A change kind that is not in the product, written the way a contributor adds one: its data,
 * subject, label, severity rules, details and detector in this one module, and one registry
 * line (`WITH_WORD_COUNT`). Nothing outside this file knows about it.
 */

export const wordCountChanged = defineKind({
  type: 'word_count_changed',
  label: 'Word count changed',
  data: z.object({ words: z.number().int(), previousWords: z.number().int() }),
  subject: () => 'word count',
  severity: [
    { severity: 'medium', when: 'the page doubled or halved', applies: (data) => data.words >= 2 * data.previousWords || 2 * data.words <= data.previousWords },
    { severity: 'low', when: 'any other move' },
  ],
  details: (data) => [{ label: 'Words', value: `${data.previousWords} → ${data.words}`, brief: true }],
});

function wordCountChanges({ earlier, scan }: DetectionContext): Finding[] {
  const before = earlier.at(-1)?.content?.wordCount;
  const now = scan.content?.wordCount;
  if (before === undefined || now === undefined || before === now) return [];
  return [
    wordCountChanged.finding({ summary: `Word count ${before} → ${now}`, fromScan: earlier.at(-1)?.id ?? null, data: { words: now, previousWords: before } }),
  ];
}

export const wordCounts = defineFamily({ name: 'word counts', kinds: [wordCountChanged], detect: wordCountChanges });

/** The registry line: the product's families and this one. */
export const WITH_WORD_COUNT = kindLookup([...CHANGE_FAMILIES, wordCounts]);
