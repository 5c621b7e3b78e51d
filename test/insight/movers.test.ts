import { describe, expect, it } from 'vitest';
import { landscapeSummary, SEVERITY_POINTS } from '../../scripts/insight/movers.ts';
import { change } from '../helpers/records.ts';
import { RIVALS, rivalsHistory } from '../site/rivals.ts';

const NOW = new Date('2026-11-28T13:00:00.000Z');

describe('landscapeSummary on the rivals history', () => {
  const { changes } = rivalsHistory();
  const summary = landscapeSummary(changes, NOW);

  it('counts the changes of the last 30 days only', () => {
    expect(summary.since).toBe('2026-10-29T13:00:00.000Z');
    expect(summary.until).toBe(NOW.toISOString());
    // 11-05, 11-10, 11-12, 11-15, 11-18, 11-20, 11-25; the September and October ones are older.
    expect(summary.changes).toBe(7);
  });

  it('ranks movers by severity points, then number of changes, then id', () => {
    expect(summary.movers.map((mover) => [mover.monitor, mover.score, mover.changes.length])).toEqual([
      [RIVALS.beta, 4, 2],
      [RIVALS.delta, 3, 1],
      [RIVALS.alpha, 2, 1],
      [RIVALS.self, 2, 1],
      [RIVALS.epsilon, 1, 1],
      [RIVALS.gamma, 1, 1],
    ]);
  });

  it('says what moved at each, with the change records behind it', () => {
    const beta = summary.movers.find((mover) => mover.monitor === RIVALS.beta);
    expect(beta?.upgraded.map((move) => [move.technology, move.previousVersion, move.version])).toEqual([['Angular', '18.2.0', '19.0.0']]);
    expect(beta?.removed.map((move) => move.technology)).toEqual(['Zendesk']);
    expect(beta?.added).toEqual([]);
    const byId = new Map(changes.map((entry) => [entry.id, entry]));
    expect(beta?.changes.every((ref) => byId.get(ref.id)?.monitor === RIVALS.beta)).toBe(true);

    const delta = summary.movers.find((mover) => mover.monitor === RIVALS.delta);
    expect(delta?.grade).toMatchObject({ from: 'A', to: 'C' });
    expect(delta?.grade?.changes.map((ref) => ref.summary)).toEqual(['Security grade A → C']);
    const self = summary.movers.find((mover) => mover.monitor === RIVALS.self);
    expect(self?.performance).toMatchObject({ metric: 'lcpMs', changePercent: 30 });
    expect(self?.grade).toBeNull();
  });

  it('ranks adoption shifts by net sites, then by moves', () => {
    expect(summary.shifts.map((shift) => [shift.technology, shift.net, shift.added.length, shift.removed.length, shift.upgraded.length])).toEqual([
      ['Zendesk', -1, 0, 1, 0],
      ['Angular', 0, 0, 0, 2],
    ]);
    expect(summary.shifts[1]?.upgraded.map((move) => move.monitor)).toEqual([RIVALS.beta, RIVALS.alpha]);
  });
});

describe('landscapeSummary', () => {
  it('reports a grade that moved away and back as no move, but keeps its changes in the score', () => {
    const down = change(
      'security_grade_changed',
      { grade: 'C', previousGrade: 'B', score: 50, previousScore: 70 },
      { detectedAt: '2026-11-20T00:00:00.000Z', severity: 'medium' },
    );
    const up = change(
      'security_grade_changed',
      { grade: 'B', previousGrade: 'C', score: 70, previousScore: 50 },
      { detectedAt: '2026-11-22T00:00:00.000Z', severity: 'low' },
    );
    const [mover] = landscapeSummary([up, down], NOW).movers;
    expect(mover?.grade).toBeNull();
    expect(mover?.score).toBe(SEVERITY_POINTS.medium + SEVERITY_POINTS.low);
  });

  it('leaves out changes after now and returns empty lists for a quiet month', () => {
    const later = change(
      'site_down',
      { failures: 2, since: '2026-12-01T00:00:00.000Z', error: { kind: 'dns', message: 'ENOTFOUND' } },
      { detectedAt: '2026-12-01T00:00:00.000Z' },
    );
    expect(landscapeSummary([later], NOW)).toMatchObject({ changes: 0, movers: [], shifts: [] });
  });
});
