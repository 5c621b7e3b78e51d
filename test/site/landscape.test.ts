import { describe, expect, it } from 'vitest';
import { buildLandscape, CATEGORIES_SEGMENT, type LandscapeMonitor } from '../../site/src/lib/landscape.ts';
import { uniqueSlugs } from '../../site/src/lib/slugs.ts';
import { slugify } from '../../site/src/lib/slugify.ts';
import type { StackEntry } from '../../site/src/lib/history.ts';
import { change } from '../helpers/records.ts';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const WEEKS = ['2026-11-07T12:00:00.000Z', '2026-11-14T12:00:00.000Z', '2026-11-21T12:00:00.000Z'];

function entry(name: string, categories: string[], version: string | null = null): StackEntry {
  return {
    name,
    version,
    versionSource: null,
    confidence: 100,
    categories,
    firstSeen: '2026-11-10T00:00:00.000Z',
    seenBeforeHistory: false,
    versionSince: null,
  };
}

function monitor(id: string, stack: StackEntry[], weekly: (string[] | null)[]): LandscapeMonitor {
  return { id, stack, weekly, categories: new Map(stack.map((item) => [item.name, item.categories])) };
}

const tech = (technology: string, categories: string[]) => ({ technology, version: null, previousVersion: null, confidence: 100, categories });

describe('buildLandscape', () => {
  const landscape = buildLandscape({
    monitors: [
      monitor(
        'acme/a',
        [entry('Next.js', ['JavaScript frameworks', 'Web frameworks'], '15.0.3'), entry('Nginx', ['Web servers'])],
        [null, ['Nginx'], ['Nginx', 'Next.js']],
      ),
      monitor('globex/b', [entry('Nginx', ['Web servers'], '1.25.3')], [['Nginx', 'Drupal'], ['Nginx', 'Drupal'], ['Nginx']]),
    ],
    changes: [
      change('technology_added', tech('Next.js', ['JavaScript frameworks', 'Web frameworks']), { monitor: 'acme/a', detectedAt: '2026-11-20T00:00:00.000Z' }),
      change('technology_removed', { ...tech('Drupal', ['CMS']), absentScans: 2 }, { monitor: 'globex/b', detectedAt: '2026-11-19T00:00:00.000Z' }),
      change(
        'technology_version_changed',
        { ...tech('Nginx', ['Web servers']), version: '1.25.3', previousVersion: '1.24.0' },
        { monitor: 'globex/b', detectedAt: '2026-11-18T00:00:00.000Z' },
      ),
      change('technology_added', tech('Nginx', ['Web servers']), { monitor: 'acme/a', detectedAt: '2026-05-01T00:00:00.000Z' }),
      change('site_down', { failures: 2, since: '2026-11-01T00:00:00.000Z', error: { kind: 'dns', message: 'ENOTFOUND' } }, { monitor: 'acme/a' }),
    ],
    weekStarts: WEEKS,
    now: NOW,
  });
  const byName = new Map(landscape.technologies.map((item) => [item.name, item]));

  it('lists who uses what now, with versions', () => {
    expect(byName.get('Nginx')?.users.map((use) => [use.monitor, use.version])).toEqual([
      ['acme/a', null],
      ['globex/b', '1.25.3'],
    ]);
    expect(byName.get('Drupal')?.users).toEqual([]);
  });

  it('counts adoption week by week', () => {
    expect(byName.get('Nginx')?.adoption).toEqual([1, 2, 2]);
    expect(byName.get('Next.js')?.adoption).toEqual([0, 0, 1]);
    expect(byName.get('Drupal')?.adoption).toEqual([1, 1, 0]);
  });

  it('answers who moved recently: additions and removals, newest first', () => {
    expect(landscape.recentMoves.map((move) => [move.technology, move.kind, move.monitor])).toEqual([
      ['Next.js', 'added', 'acme/a'],
      ['Drupal', 'removed', 'globex/b'],
    ]);
    expect(byName.get('Nginx')?.moves.map((move) => move.kind)).toEqual(['version', 'added']);
    expect(byName.get('Nginx')?.recent).toEqual({ added: 0, removed: 0 });
    expect(byName.get('Next.js')?.recent).toEqual({ added: 1, removed: 0 });
  });

  it('groups technologies by every category they belong to, most used first', () => {
    expect(landscape.categories.map((category) => [category.name, category.slug, category.technologies])).toEqual([
      ['CMS', 'cms', ['Drupal']],
      ['JavaScript frameworks', 'javascript-frameworks', ['Next.js']],
      ['Web frameworks', 'web-frameworks', ['Next.js']],
      ['Web servers', 'web-servers', ['Nginx']],
    ]);
  });
});

describe('slugs', () => {
  it.each([
    ['Next.js', 'next-js'],
    ['Tailwind CSS', 'tailwind-css'],
    ['C++', 'c-plus-plus'],
    ['C#', 'c-sharp'],
    ['Émail Öffice', 'email-office'],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('keeps slugs unique and off reserved segments', () => {
    const slugs = uniqueSlugs(['Vue.js', 'Vue JS', 'Categories', 'React', '???'], [CATEGORIES_SEGMENT]);
    expect(slugs.get('React')).toBe('react');
    expect(new Set(slugs.values()).size).toBe(5);
    expect(slugs.get('Vue.js')).toMatch(/^vue-js-[0-9a-f]{6}$/);
    expect(slugs.get('Categories')).not.toBe('categories');
    expect(slugs.get('???')).toMatch(/^x-[0-9a-f]{6}$/);
  });
});
