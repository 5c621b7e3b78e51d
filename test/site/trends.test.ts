import { describe, expect, it } from 'vitest';
import { summariseHistory } from '../../site/src/lib/history.ts';
import { historySettings } from '../../site/src/lib/model.ts';
import { churnByQuarter, monitorMonths } from '../../site/src/lib/monitor-trends.ts';
import { adoptionByMonth, gradesByMonth, monthRange, performanceByMonth, trendMonths } from '../../site/src/lib/trends.ts';
import { lagText, versionLags } from '../../site/src/lib/version-lag.ts';
import { RIVALS, rivalsHistory, RIVAL_SPECS, type Rival } from './rivals.ts';

/** Every expected value below is worked out by hand from the table in rivals.ts. */

const NOW = new Date('2026-11-28T13:00:00.000Z');
const { scans, changes } = rivalsHistory();
const histories = new Map(
  RIVAL_SPECS.map((spec) => [
    spec.id,
    summariseHistory({ scans: scans.get(spec.id) ?? [], historyStart: new Date(NOW.getTime() - 365 * 86_400_000), weeks: 53, settings: historySettings(null) }),
  ]),
);
const monitors = [...histories].map(([id, history]) => ({ id, monthly: history.monthly }));
const months = trendMonths(monitors, NOW.toISOString());
const changesOf = (id: Rival) => changes.filter((entry) => entry.monitor === id);

describe('months', () => {
  it('run from the first month with data to the month of now', () => {
    expect(months).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('adoptionByMonth', () => {
  const adoption = adoptionByMonth(monitors, changes, months);
  const row = (name: string) =>
    (adoption.get(name) ?? []).map((month) => [
      month.month,
      month.users,
      month.added.map((m) => m.monitor),
      month.removed.map((m) => m.monitor),
      month.upgraded.map((m) => m.monitor),
    ]);

  it('counts the sites using a technology at each month end, and who adopted, dropped or upgraded it', () => {
    expect(row('Angular')).toEqual([
      ['2026-09', 5, [RIVALS.gamma], [], []],
      ['2026-10', 5, [], [], []],
      ['2026-11', 5, [], [], [RIVALS.beta, RIVALS.alpha]],
    ]);
    expect(row('Svelte')).toEqual([
      ['2026-09', 1, [], [], []],
      ['2026-10', 2, [RIVALS.alpha], [], [RIVALS.epsilon]],
      ['2026-11', 2, [], [], []],
    ]);
    expect(row('Zendesk')).toEqual([
      ['2026-09', 1, [], [], []],
      ['2026-10', 1, [], [], []],
      ['2026-11', 0, [], [RIVALS.beta], []],
    ]);
  });
});

describe('gradesByMonth', () => {
  it('counts the letters sites ended each month with, and the grade changes behind the moves', () => {
    const grades = gradesByMonth(monitors, changes, months);
    expect(grades.map((month) => [month.month, month.letters])).toEqual([
      ['2026-09', { A: 2, B: 2, C: 1, D: 1, F: 0 }],
      ['2026-10', { A: 2, B: 2, C: 1, D: 1, F: 0 }],
      ['2026-11', { A: 2, B: 1, C: 2, D: 1, F: 0 }],
    ]);
    expect(grades[2]?.improved.map((ref) => ref.monitor)).toEqual([RIVALS.gamma]);
    expect(grades[2]?.dropped.map((ref) => ref.summary)).toEqual(['Security grade A → C']);
  });
});

describe('performanceByMonth', () => {
  it('takes the median across sites of their monthly medians', () => {
    const performance = performanceByMonth(monitors, changes, months);
    // September: 1200, 1500, 1800, 2000, 2200, 3000 → (1800 + 2000) / 2. November: our shop at 2600.
    expect(performance.map((month) => [month.month, month.lcpMs, month.ttfbMs, month.sites])).toEqual([
      ['2026-09', 1900, 275, 6],
      ['2026-10', 1900, 275, 6],
      ['2026-11', 2000, 275, 6],
    ]);
    expect(performance[2]?.degraded.map((ref) => ref.monitor)).toEqual([RIVALS.self]);
  });
});

describe('versionLags', () => {
  const lags = versionLags([...histories].map(([monitor, history]) => ({ monitor, stack: history.stack })));
  const of = (id: Rival) => (lags.get(id) ?? []).map((lag) => [lag.technology, lag.version, lag.kind, lag.steps, lag.target, lag.onTarget, lag.others]);

  it('measures each version against the newest one in the landscape', () => {
    expect(of(RIVALS.self)).toEqual([['Angular', '17.3.0', 'major', 2, '19', 3, 4]]);
    expect(of(RIVALS.delta)).toEqual([['Angular', '18.2.0', 'major', 1, '19', 3, 4]]);
    expect(of(RIVALS.alpha)).toEqual([
      ['Angular', '19.0.0', 'minor', 1, '19.1', 1, 4],
      ['Svelte', '5.0.0', 'minor', 1, '5.1', 1, 1],
    ]);
    expect(of(RIVALS.gamma)).toEqual([['Matomo', '4.16.0', 'major', 1, '5', 1, 1]]);
    // Magento 2.4.6 against 2.4.7 is a patch apart: not a lag. Versionless Varnish never is.
    expect(lags.has(RIVALS.epsilon)).toBe(false);
    const [selfLag] = lags.get(RIVALS.self) ?? [];
    expect(selfLag && lagText(selfLag)).toBe('2 major versions behind 19.1.0; 3 of 4 competitors run 19');
  });
});

describe('churnByQuarter', () => {
  it('lists technology moves per quarter, newest quarter first', () => {
    const churn = (id: Rival) =>
      churnByQuarter(changesOf(id)).map((q) => [
        q.quarter,
        q.added.map((m) => m.technology),
        q.removed.map((m) => m.technology),
        q.upgraded.map((m) => m.technology),
      ]);
    expect(churn(RIVALS.alpha)).toEqual([['2026-Q4', ['Svelte'], [], ['Angular']]]);
    expect(churn(RIVALS.beta)).toEqual([['2026-Q4', [], ['Zendesk'], ['Angular']]]);
    expect(churn(RIVALS.gamma)).toEqual([['2026-Q3', ['Angular'], [], []]]);
    expect(churn(RIVALS.self)).toEqual([]);
  });
});

describe('monitorMonths', () => {
  it("gives a monitor's grade and medians per month with the changes behind them", () => {
    const months = monitorMonths(histories.get(RIVALS.self)?.monthly ?? [], changesOf(RIVALS.self));
    // November: 9 scans at 2000 ms, then 19 at 2600 ms.
    expect(months.map((month) => [month.month, month.grade, month.lcpMs, month.ttfbMs, month.okScans, month.performanceChanges.length])).toEqual([
      ['2026-11', 'C', 2600, 300, 28, 1],
      ['2026-10', 'C', 2000, 300, 31, 0],
      ['2026-09', 'C', 2000, 300, 30, 0],
    ]);
    const delta = monitorMonths(histories.get(RIVALS.delta)?.monthly ?? [], changesOf(RIVALS.delta));
    expect(delta[0]).toMatchObject({ month: '2026-11', grade: 'C', score: 50 });
    expect(delta[0]?.gradeChanges.map((ref) => ref.summary)).toEqual(['Security grade A → C']);
  });
});
