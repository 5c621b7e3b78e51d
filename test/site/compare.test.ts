import { describe, expect, it } from 'vitest';
import { chartPoints, chartViewBox, differences, metricNote, parseSelection, referenceOf, sharedScale, type ColumnFacts } from '../../site/src/lib/compare.ts';
import { readCompareIndex } from '../../site/src/lib/compare-index.ts';

const metrics = (lcpMs: number | null, ttfbMs: number | null = 200) => ({ ttfbMs, fcpMs: null, lcpMs, cls: 0.02, transferBytes: 800_000 });
const facts = (id: string, over: Partial<ColumnFacts> = {}): ColumnFacts => ({
  id,
  self: false,
  technologies: new Map(),
  grade: 'B',
  metrics: metrics(2000),
  infra: { hosting: null, cdn: null, tlsIssuer: "Let's Encrypt" },
  ...over,
});

describe('differences', () => {
  const reference = facts('rivals/our-shop', {
    self: true,
    technologies: new Map([
      ['Angular', '17.3.0'],
      ['Varnish', null],
      ['Magento', '2.4.6'],
    ]),
    grade: 'C',
  });
  const other = facts('rivals/gamma', {
    technologies: new Map([
      ['Angular', '19.1.0'],
      ['Varnish', null],
      ['Matomo', '4.16.0'],
    ]),
    grade: 'A',
    metrics: metrics(1800, 300),
    infra: { hosting: null, cdn: 'Cloudflare', tlsIssuer: "Let's Encrypt" },
  });
  const diff = differences(reference, other);

  it('marks technologies only here or on another version, and lists what the reference has and this lacks', () => {
    expect([...diff.technologies]).toEqual([
      ['Angular', 'other-version'],
      ['Matomo', 'only-here'],
    ]);
    expect(diff.missing).toEqual(['Magento']);
  });

  it('compares grades by rank and metrics beyond the tolerance, lower being better', () => {
    expect(diff.grade).toBe('better');
    // LCP 1800 against 2000 is 10% faster (at the tolerance); TTFB 300 against 200 is 50% slower.
    expect(diff.metrics).toEqual({ lcpMs: -0.1, ttfbMs: 0.5 });
    expect(metricNote('ttfbMs', 0.5)).toBe('50% slower than the reference');
    expect(metricNote('transferBytes', -0.25)).toBe('25% lighter than the reference');
    expect([...diff.infra]).toEqual(['cdn']);
  });

  it('takes the own site as the reference, else the first column', () => {
    expect(referenceOf([other, reference])?.id).toBe(reference.id);
    expect(referenceOf([other])?.id).toBe(other.id);
  });
});

describe('parseSelection', () => {
  const known = new Map([
    ['a/one', { self: false }],
    ['a/two', { self: false }],
    ['a/own', { self: true }],
    ['b/three', { self: false }],
  ]);
  it.each([
    [['a/one,a/own'], ['a/own', 'a/one']],
    [
      ['a/one', 'b/three'],
      ['a/one', 'b/three'],
    ],
    [[' a/one , a/one,unknown/x, a/two '], ['a/one', 'a/two']],
    [['a/one'], null],
    [['unknown/x,unknown/y'], null],
  ])('%j → %j', (values, expected) => expect(parseSelection(values, known)).toEqual(expected));

  it('keeps at most six columns', () => {
    const many = new Map(Array.from({ length: 8 }, (_, index) => [`o/m${index}`, { self: false }]));
    expect(parseSelection([[...many.keys()].join(',')], many)).toHaveLength(6);
  });
});

describe('charts on one scale', () => {
  it('draw in data units so the view box alone sets the scale', () => {
    const a = [
      { day: '2026-11-01', value: 1200 },
      { day: '2026-11-02', value: 1500.4 },
    ];
    const b = [{ day: '2026-11-01', value: 3000 }];
    expect(sharedScale([a, b])).toBe(3000);
    expect(sharedScale([[]])).toBe(1);
    expect(chartPoints(a, 'lcpMs')).toBe('0,-1200 1,-1500');
    expect(chartPoints([{ day: '2026-11-01', value: 0.0234 }], 'cls')).toBe('0,-0.023');
    expect(chartViewBox(3000)).toBe('0 -3000 29 3000');
  });
});

describe('readCompareIndex', () => {
  it('accepts the published index and rejects anything else', () => {
    expect(readCompareIndex({ monitors: [{ id: 'a/b', name: 'B', organization: 'a', self: true }] })).toEqual([
      { id: 'a/b', name: 'B', organization: 'a', self: true },
    ]);
    expect(readCompareIndex({ monitors: [{ id: 'a/b', name: 'B', organization: 'a' }] })).toBeNull();
    expect(readCompareIndex([])).toBeNull();
    expect(readCompareIndex(null)).toBeNull();
  });
});
