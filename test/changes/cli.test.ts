import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { changeSchema, type Change } from '../../scripts/schema/change.ts';
import { openStore } from '../../scripts/store/store.ts';
import { runCli } from '../helpers/cli.ts';
import { monitor, technology } from '../helpers/records.ts';
import { tempDir } from '../helpers/temp.ts';
import { detectAll, failed, repeat, timeline } from './fixtures.ts';

/** Two monitors' real detected changes, stored through the store in a temp data dir. */
async function dataWithChanges(): Promise<{ data: string; changes: Change[] }> {
  const data = await tempDir();
  const shop = monitor({ id: 'acme/shopwave' });
  const ledger = monitor({ id: 'globex/ledgerly' });
  const withWordPress = (jquery: string) => ({
    scan: {
      monitor: shop.id,
      technologies: [technology('jQuery', jquery), technology('Nginx', '1.25.3', ['Web servers']), technology('WordPress', '6.7.1', ['CMS', 'Blogs'])],
    },
  });
  // WordPress from scan 1 (reported at scan 2, once it held), jQuery 4 from scan 2 (reported at scan 3).
  const shopScans = timeline([{ scan: { monitor: shop.id } }, withWordPress('3.7.1'), ...repeat(2, withWordPress('4.0.0'))]);
  const ledgerScans = timeline([{ scan: { monitor: ledger.id } }, ...repeat(3, { scan: { monitor: ledger.id, ...failed() } })]);
  const changes = [...detectAll(shopScans, shop), ...detectAll(ledgerScans, ledger)];
  const store = openStore(data);
  await store.appendScans([...shopScans.scans, ...ledgerScans.scans]);
  await store.appendChanges(changes);
  return { data, changes };
}

const rows = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .slice(2, -1)
    .map((row) => row.split(/\s{2,}/));

describe('changes', () => {
  it('lists every recorded change newest first, as a table with a count by severity', async () => {
    const { data, changes } = await dataWithChanges();
    expect(changes).toHaveLength(3);
    const result = await runCli(['changes', '--data', data]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^DETECTED\s+MONITOR\s+SEVERITY\s+TYPE\s+SUMMARY$/);
    expect(rows(result.stdout)).toEqual([
      ['2026-11-01 18:00 UTC', 'acme/shopwave', 'medium', 'technology_version_changed', 'jQuery 3.7.1 → 4.0.0'],
      ['2026-11-01 12:00 UTC', 'acme/shopwave', 'high', 'technology_added', 'WordPress 6.7.1 added'],
      [
        '2026-11-01 12:00 UTC',
        'globex/ledgerly',
        'high',
        'site_down',
        'Site down: 2 failed scans since 2026-11-01 06:00 UTC (timeout: navigation timed out after 60 s)',
      ],
    ]);
    expect(lines.at(-1)).toBe('3 changes (2 high, 1 medium, 0 low)');
  });

  it.each([
    [
      ['--monitor', 'acme/shopwave'],
      ['technology_version_changed', 'technology_added'],
    ],
    [['--type', 'site_down'], ['site_down']],
    [
      ['--type', 'site_down,technology_added'],
      ['technology_added', 'site_down'],
    ],
    [
      ['--type', 'site_down', '--type', 'technology_added'],
      ['technology_added', 'site_down'],
    ],
    [
      ['--min-severity', 'high'],
      ['technology_added', 'site_down'],
    ],
    [
      ['--min-severity', 'low'],
      ['technology_version_changed', 'technology_added', 'site_down'],
    ],
    [['--since', '2026-11-01T12:00:01Z'], ['technology_version_changed']],
    [
      ['--since', '2026-11-01'],
      ['technology_version_changed', 'technology_added', 'site_down'],
    ],
    [['--limit', '1'], ['technology_version_changed']],
    [['--monitor', 'acme/shopwave', '--min-severity', 'high'], ['technology_added']],
  ])('filters with %j', async (filters, types) => {
    const { data } = await dataWithChanges();
    const result = await runCli(['changes', '--data', data, ...filters]);
    expect(result.code).toBe(0);
    expect(rows(result.stdout).map((row) => row[3])).toEqual(types);
  });

  it('prints the change records as JSON with --json', async () => {
    const { data, changes } = await dataWithChanges();
    const result = await runCli(['changes', '--data', data, '--json', '--type', 'technology_added']);
    expect(result.code).toBe(0);
    const listed = z.array(changeSchema).parse(JSON.parse(result.stdout));
    expect(listed).toEqual(changes.filter((change) => change.type === 'technology_added'));
  });

  it('says so when nothing matches', async () => {
    const { data } = await dataWithChanges();
    const result = await runCli(['changes', '--data', data, '--type', 'content_changed']);
    expect(result).toMatchObject({ code: 0, stdout: 'No changes match.\n' });
  });

  it('has a friendly empty state for an empty or missing data dir', async () => {
    const data = await tempDir();
    for (const dir of [data, `${data}/missing`]) {
      const result = await runCli(['changes', '--data', dir]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^No changes recorded yet: nothing has been scanned\./);
      expect((await runCli(['changes', '--data', dir, '--json'])).stdout).toBe('[]\n');
    }
  });

  it.each([
    [['--type', 'tech_added'], '--type: "tech_added" is not a change type (did you mean "technology_added"?); one of: technology_added, technology_removed,'],
    [['--min-severity', 'urgent'], '--min-severity: "urgent" is not a severity; one of: low, medium, high'],
    [['--since', 'yesterday'], '--since: "yesterday" is not an ISO 8601 time (e.g. 2026-11-28T09:00:00Z)'],
    [['--monitor', 'shopwave'], '--monitor: "shopwave" is not a monitor id (<organization>/<slug>, e.g. acme/competitor-x)'],
    [['--monitor', 'acme/shopwav'], '--monitor: nothing is recorded for "acme/shopwav" in data/ (did you mean "acme/shopwave"?)'],
    [['--limit', '0'], '--limit: "0" is not a whole number from 1 to 1000000'],
  ])('fails fast on a bad filter: %j', async (filters, message) => {
    const { data } = await dataWithChanges();
    const result = await runCli(['changes', '--data', data, ...filters], { cwd: `${data}/..` });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`techscan changes: ${message.replace('data/', `${data.split('/').at(-1)}/`)}`);
  });
});
