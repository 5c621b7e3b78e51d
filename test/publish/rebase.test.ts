import { describe, expect, it } from 'vitest';
import { unionMergeAttributes } from '../../scripts/publish/rebase.ts';

describe('unionMergeAttributes', () => {
  it.each([
    [['data'], '/data/**/*.jsonl merge=union\n'],
    [['data/', 'site/data'], '/data/**/*.jsonl merge=union\n/site/data/**/*.jsonl merge=union\n'],
    [['.'], '*.jsonl merge=union\n'],
  ])('%j', (paths, expected) => {
    expect(unionMergeAttributes(paths)).toBe(expected);
  });
});
