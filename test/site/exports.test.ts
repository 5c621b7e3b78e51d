import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { EXPORT_FILES, neutralise, toCsv } from '../../site/src/lib/exports.ts';
import { siteInputs } from '../../site/src/lib/inputs.ts';
import { loadSite } from '../../site/src/lib/load.ts';
import { REPO_ROOT } from '../helpers/paths.ts';
import { tempDir } from '../helpers/temp.ts';
import { FORMULA_SUMMARY, FORMULA_TITLE, RIVAL_NAMES, RIVALS, writeRivals } from './rivals.ts';

const NOW = '2026-11-28T13:00:00.000Z';

function rows(csv: string): Record<string, string>[] {
  return parse(csv, { bom: true, columns: true, skip_empty_lines: true });
}

describe('neutralise', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(1)', "'@SUM(1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['React 19', 'React 19'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (input, output) => expect(neutralise(input)).toBe(output));
});

describe('toCsv', () => {
  it('writes UTF-8 with a BOM and a header row that a CSV parser reads back, numbers and booleans as such', () => {
    const columns = [
      { name: 'name', value: (row: { name: string; score: number; ok: boolean; none: null }) => row.name },
      { name: 'score', value: (row: { score: number }) => row.score },
      { name: 'ok', value: (row: { ok: boolean }) => row.ok },
      { name: 'none', value: () => null },
    ];
    const csv = toCsv(columns, [{ name: 'Ünïcode, "quoted"\nsecond line', score: -5, ok: false, none: null }]);
    expect(csv.startsWith('\uFEFFname,score,ok,none\r\n')).toBe(true);
    expect(rows(csv)).toEqual([{ name: 'Ünïcode, "quoted"\nsecond line', score: '-5', ok: 'false', none: '' }]);
  });
});

describe('the published exports of the rivals history', () => {
  it('parse back to the records they came from, with formula-looking text neutralised', async () => {
    const root = await tempDir();
    const history = await writeRivals(`${root}/monitors`, `${root}/data`);
    const model = await loadSite(siteInputs({ TECHSCAN_DATA: `${root}/data`, TECHSCAN_MONITORS: `${root}/monitors`, TECHSCAN_NOW: NOW }, REPO_ROOT, REPO_ROOT));

    const monitors = rows(EXPORT_FILES.monitors.csv(model));
    expect(Object.keys(monitors[0] ?? {})).toEqual(EXPORT_FILES.monitors.columns);
    const beta = monitors.find((row) => row.id === RIVALS.beta);
    expect(beta).toMatchObject({
      name: RIVAL_NAMES[RIVALS.beta],
      organization: 'rivals',
      self: 'false',
      grade: 'B',
      score: '70',
      status: 'ok',
      technologies: '2',
      changes: '2',
      page: 'monitors/rivals/beta/',
    });
    expect(monitors.find((row) => row.id === RIVALS.self)).toMatchObject({ self: 'true' });
    expect(monitors.find((row) => row.id === RIVALS.epsilon)?.title).toBe(`'${FORMULA_TITLE}`);

    const changes = rows(EXPORT_FILES.changes.csv(model));
    expect(changes.map((row) => row.id).sort()).toEqual(history.changes.map((entry) => entry.id).sort());
    for (const original of history.changes) {
      const row = changes.find((candidate) => candidate.id === original.id);
      expect(row).toMatchObject({
        monitor: original.monitor,
        detected_at: original.detectedAt,
        type: original.type,
        severity: original.severity,
        to_scan: original.toScan,
        from_scan: original.fromScan ?? '',
      });
      expect(JSON.parse(row?.data ?? '')).toEqual(original.data);
      expect(row?.summary).toBe(neutralise(original.summary));
    }
    expect(changes.find((row) => row.type === 'content_changed')?.summary).toBe(`'${FORMULA_SUMMARY}`);

    const technologies = rows(EXPORT_FILES.technologies.csv(model));
    expect(
      technologies
        .filter((row) => row.monitor === RIVALS.beta)
        .map((row) => [row.technology, row.version, row.first_seen, row.last_seen, row.scans, row.current]),
    ).toEqual([
      ['Angular', '18.2.0', '2026-09-01T12:00:00.000Z', '2026-11-04T12:00:00.000Z', '65', 'false'],
      ['Angular', '19.0.0', '2026-11-05T12:00:00.000Z', '2026-11-28T12:00:00.000Z', '24', 'true'],
      ['Magento', '2.4.7', '2026-09-01T12:00:00.000Z', '2026-11-28T12:00:00.000Z', '89', 'true'],
      ['Zendesk', '', '2026-09-01T12:00:00.000Z', '2026-11-11T12:00:00.000Z', '72', 'false'],
    ]);

    const performance = rows(EXPORT_FILES.performance.csv(model));
    expect(performance.length).toBe(6 * 89);
    expect(performance.find((row) => row.monitor === RIVALS.self && row.day === '2026-11-10')).toEqual({
      monitor: RIVALS.self,
      day: '2026-11-10',
      scans: '1',
      ttfb_ms: '300',
      fcp_ms: '1560',
      lcp_ms: '2600',
      cls: '0.02',
      transfer_bytes: '800000',
    });
    const grades = rows(EXPORT_FILES.grades.csv(model));
    expect(grades.filter((row) => row.monitor === RIVALS.delta && (row.day ?? '') >= '2026-11-24').map((row) => [row.day, row.grade, row.score])).toEqual([
      ['2026-11-24', 'A', '90'],
      ['2026-11-25', 'C', '50'],
      ['2026-11-26', 'C', '50'],
      ['2026-11-27', 'C', '50'],
      ['2026-11-28', 'C', '50'],
    ]);
  });
});

describe('site/README.md', () => {
  it('documents every column of every export', async () => {
    const readme = await readFile(`${REPO_ROOT}/site/README.md`, 'utf8');
    const section = readme.slice(readme.indexOf('## Exports'), readme.indexOf('## Build and preview'));
    for (const file of Object.values(EXPORT_FILES)) {
      const start = section.indexOf(`| \`${file.name}.csv\` |`);
      expect(start, file.name).toBeGreaterThan(-1);
      const rows = section
        .slice(start)
        .split('\n')
        .filter((line) => line.startsWith('|'));
      const documented: string[] = [];
      for (const [index, row] of rows.entries()) {
        if (index > 0 && !row.startsWith('| |')) break;
        documented.push(/\| `([a-z_]+)` \|/.exec(row.replace(/^\| `[^`]+` /, '| '))?.[1] ?? '');
      }
      expect(documented, file.name).toEqual(file.columns);
    }
  });
});
