import { describe, expect, it } from 'vitest';
import { historyDepth } from '../../../scripts/changes/index.ts';
import { monitor } from '../../helpers/records.ts';
import { at, blocked, detectAll, failed, repeat, summaries, timeline, type Step } from '../fixtures.ts';

const UP: Step = {};
const DOWN: Step = { scan: failed() };
const BLOCKED: Step = { scan: blocked() };

describe('site down and recovered', () => {
  it('reports the site down once, at the second failure in a row, and back up once', () => {
    const { scans, texts } = timeline([UP, UP, ...repeat(5, DOWN), UP, UP]);
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual([
      'site_down: Site down: 2 failed scans since 2026-11-01 12:00 UTC (timeout: navigation timed out after 60 s)',
      'site_recovered: Site back up after 5 failed scans (down since 2026-11-01 12:00 UTC)',
    ]);
    expect(changes[0]).toMatchObject({
      severity: 'high',
      toScan: scans[3]?.id,
      fromScan: scans[1]?.id,
      data: { failures: 2, since: at(2), error: { kind: 'timeout' } },
    });
    expect(changes[1]).toMatchObject({ severity: 'medium', toScan: scans[7]?.id, fromScan: scans[6]?.id, data: { downSince: at(2), failures: 5 } });
  });

  it('ignores a single failed scan', () => {
    expect(detectAll([UP, DOWN, UP, DOWN, UP, UP, DOWN, UP])).toEqual([]);
  });

  it.each([1, 3])('honours downAfterFailures: %i', (downAfterFailures) => {
    const { scans, texts } = timeline([UP, ...repeat(4, DOWN), UP]);
    const changes = detectAll({ scans, texts }, monitor({ changes: { downAfterFailures } }));
    expect(changes.map((change) => [change.type, change.toScan])).toEqual([
      ['site_down', scans[downAfterFailures]?.id],
      ['site_recovered', scans[5]?.id],
    ]);
  });

  it('treats a blocked scan as saying nothing: it neither counts as a failure nor ends an outage', () => {
    expect(detectAll([UP, DOWN, BLOCKED, UP, BLOCKED, BLOCKED, BLOCKED, UP])).toEqual([]);
    const changes = detectAll([UP, DOWN, BLOCKED, DOWN, BLOCKED, DOWN, UP]);
    expect(summaries(changes)).toEqual([
      'site_down: Site down: 2 failed scans since 2026-11-01 06:00 UTC (timeout: navigation timed out after 60 s)',
      'site_recovered: Site back up after 3 failed scans (down since 2026-11-01 06:00 UTC)',
    ]);
  });

  it('reports a new monitor whose site never answered', () => {
    const changes = detectAll([DOWN, DOWN, DOWN]);
    expect(changes.map((change) => [change.type, change.fromScan])).toEqual([['site_down', null]]);
  });

  it('reports the error kind of the scan that made it down', () => {
    const changes = detectAll([UP, { scan: failed('dns') }, { scan: failed('connection_refused') }]);
    expect(changes[0]).toMatchObject({ type: 'site_down', data: { error: { kind: 'connection_refused', message: 'connection_refused failure' } } });
  });

  it('reports the end of an outage longer than the history it sees, with what that history shows', () => {
    const changes = detectAll([UP, ...repeat(70, DOWN), UP]);
    expect(changes.map((change) => change.type)).toEqual(['site_down', 'site_recovered']);
    // The last scan sees historyDepth scans before it: failures 71 − depth + 1 to 70.
    const depth = historyDepth(monitor());
    expect(changes[1]).toMatchObject({ data: { failures: depth, downSince: at(71 - depth) } });
  });

  it.each([
    ['HTTP 500', failed('http_error', 500), 'Site up for the first time after 1 failed scan (HTTP 500 since 2026-11-01 00:00 UTC)', 500, 'http_error'],
    [
      'refused connections',
      failed('connection_refused'),
      'Site up for the first time after 1 failed scan (connection_refused since 2026-11-01 00:00 UTC)',
      null,
      'connection_refused',
    ],
  ])('reports a monitor that was down from its first scan when it first comes up: %s', (_case, down, summary, previousStatus, previousError) => {
    const { scans, texts } = timeline([{ scan: down }, UP, UP]);
    const changes = detectAll({ scans, texts });
    expect(summaries(changes)).toEqual([`site_recovered: ${summary}`]);
    expect(changes[0]).toMatchObject({
      toScan: scans[1]?.id,
      fromScan: scans[0]?.id,
      severity: 'medium',
      data: { failures: 1, previousStatus, previousError },
    });
  });

  it('reports a monitor down from the start as down, then its recovery', () => {
    const changes = detectAll([DOWN, DOWN, DOWN, UP, UP]);
    expect(changes.map((change) => change.type)).toEqual(['site_down', 'site_recovered']);
    expect(changes[1]?.summary).toBe('Site up for the first time after 3 failed scans (timeout since 2026-11-01 00:00 UTC)');
  });
});
