import { describe, expect, it } from 'vitest';
import { MONITORS_PER_OVERVIEW_PAGE, overviewPages } from '../../site/src/lib/overview-pages.ts';

const monitors = (organization: string, count: number) => Array.from({ length: count }, (_, index) => ({ organization, id: `${organization}/${index}` }));

describe('overviewPages', () => {
  it('keeps a short overview on one page, grouped in the organizations’ order', () => {
    const pages = overviewPages([...monitors('b', 2), ...monitors('a', 3)], ['a', 'b']);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ page: 1, pages: 1, first: 1, last: 5 });
    expect(pages[0]?.groups.map((group) => [group.organization, group.monitors.length])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('gives an empty overview one empty page', () => {
    expect(overviewPages([], [])).toEqual([{ page: 1, pages: 1, first: 1, last: 0, groups: [] }]);
  });

  it('splits 1,000 monitors into pages of at most the page size, each monitor on exactly one, an organization across two where it must', () => {
    const all = [...monitors('acme', 400), ...monitors('beta', 350), ...monitors('corp', 250)];
    const pages = overviewPages(all, ['acme', 'beta', 'corp']);
    expect(pages).toHaveLength(Math.ceil(1000 / MONITORS_PER_OVERVIEW_PAGE));
    const listed = pages.flatMap((page) => page.groups.flatMap((group) => group.monitors.map((monitor) => monitor.id)));
    expect(listed).toEqual(all.map((monitor) => monitor.id));
    for (const page of pages) {
      const count = page.groups.reduce((sum, group) => sum + group.monitors.length, 0);
      expect(count).toBeLessThanOrEqual(MONITORS_PER_OVERVIEW_PAGE);
      expect(page.last - page.first + 1).toBe(count);
    }
    expect(pages[2]?.groups.map((group) => group.organization)).toEqual(['acme', 'beta']);
  });
});
