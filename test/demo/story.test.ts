import { describe, expect, it } from 'vitest';
import { bySeverity, changeCounts, changesTable, shownPath } from '../../scripts/demo/story.ts';
import { change } from '../helpers/records.ts';

const data = { technology: 'React', version: '18.3.1', previousVersion: null, confidence: 100, categories: ['JavaScript frameworks'] };
const CHANGES = [
  change('technology_added', data, { monitor: 'demo/b', severity: 'low', summary: 'low at b' }),
  change('technology_added', data, { monitor: 'demo/b', severity: 'high', summary: 'high at b' }),
  change('technology_added', data, { monitor: 'demo/a', severity: 'high', summary: 'high at a' }),
  change('technology_added', data, { monitor: 'demo/a', severity: 'medium', summary: 'medium at a' }),
];

describe('the demo story', () => {
  it('lists changes most severe first, then by monitor', () => {
    expect(bySeverity(CHANGES).map((entry) => entry.summary)).toEqual(['high at a', 'high at b', 'medium at a', 'low at b']);
    const rows = changesTable(CHANGES).trimEnd().split('\n');
    expect(rows[0]).toMatch(/^SEVERITY\s+MONITOR\s+TYPE\s+SUMMARY$/);
    expect(rows.slice(2).map((row) => row.split(/\s{2,}/)[0])).toEqual(['high', 'high', 'medium', 'low']);
  });

  it('counts changes by severity', () => {
    expect(changeCounts(CHANGES)).toBe('4 changes: 2 high, 1 medium, 1 low');
    expect(changeCounts([])).toBe('0 changes: 0 high, 0 medium, 0 low');
  });

  it.each([
    ['/repo/.techscan/demo', '/repo', '.techscan/demo'],
    ['/repo', '/repo', '.'],
    ['/tmp/demo', '/repo', '/tmp/demo'],
  ])('shows %s from %s as %s', (path, cwd, shown) => {
    expect(shownPath(path, cwd)).toBe(shown);
  });
});
