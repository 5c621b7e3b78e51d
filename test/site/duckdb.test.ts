import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { EXPORT_FILES } from '../../site/src/lib/exports.ts';
import { siteInputs } from '../../site/src/lib/inputs.ts';
import { loadSite } from '../../site/src/lib/load.ts';
import { REPO_ROOT } from '../helpers/paths.ts';
import { tempDir } from '../helpers/temp.ts';
import { RIVAL_NAMES, RIVALS, writeRivals } from './rivals.ts';

/**
 * The README's DuckDB queries, run for real (DuckDB's Node API, in process) over the CSV files
 * the site publishes and over data/ itself, on the rivals history.
 */

const PUBLISHED = 'https://acme.github.io/techscan/';
export const CSV_QUERY = `SELECT monitor, version
FROM read_csv('${PUBLISHED}exports/technologies.csv')
WHERE technology = 'Angular' AND current
ORDER BY monitor;`;
export const MONITORS_QUERY = `SELECT name, grade, score
FROM read_csv('${PUBLISHED}exports/monitors.csv')
ORDER BY score DESC, name;`;
export const DATA_QUERY = `SELECT monitor, strftime(scannedAt, '%Y-%m') AS month, median(performance.lcpMs) AS lcp_ms
FROM read_json('data/monitors/*/*/scans/*.jsonl', union_by_name = true)
WHERE ok
GROUP BY ALL
ORDER BY ALL;`;

describe('the README DuckDB queries', () => {
  it('appear in the README as written here', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const query of [CSV_QUERY, MONITORS_QUERY, DATA_QUERY]) expect(readme).toContain(query);
  });

  it('answer from the published CSV and from data/ directly', async () => {
    const root = await tempDir();
    await writeRivals(join(root, 'monitors'), join(root, 'data'));
    const model = await loadSite(
      siteInputs({ TECHSCAN_DATA: join(root, 'data'), TECHSCAN_MONITORS: join(root, 'monitors'), TECHSCAN_NOW: '2026-11-28T13:00:00Z' }, REPO_ROOT, REPO_ROOT),
    );
    const site = join(root, 'site');
    await mkdir(join(site, 'exports'), { recursive: true });
    for (const file of Object.values(EXPORT_FILES)) await writeFile(join(site, 'exports', `${file.name}.csv`), file.csv(model));

    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    const connection = await instance.connect();
    const run = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
    const local = (sql: string) => sql.replaceAll(PUBLISHED, `${site}/`).replaceAll("'data/", `'${root}/data/`);

    expect(await run(local(CSV_QUERY))).toEqual([
      { monitor: RIVALS.alpha, version: '19.0.0' },
      { monitor: RIVALS.beta, version: '19.0.0' },
      { monitor: RIVALS.delta, version: '18.2.0' },
      { monitor: RIVALS.gamma, version: '19.1.0' },
      { monitor: RIVALS.self, version: '17.3.0' },
    ]);
    expect((await run(local(MONITORS_QUERY))).map((row) => row.name)).toEqual([
      'Alpha Mart',
      'Gamma Shop',
      RIVAL_NAMES[RIVALS.beta],
      'Delta Goods',
      'Our Shop',
      'Epsilon Store',
    ]);
    const lcp = await run(local(DATA_QUERY));
    expect(lcp).toHaveLength(18);
    expect(lcp.filter((row) => row.monitor === RIVALS.self)).toEqual([
      { monitor: RIVALS.self, month: '2026-09', lcp_ms: 2000 },
      { monitor: RIVALS.self, month: '2026-10', lcp_ms: 2000 },
      { monitor: RIVALS.self, month: '2026-11', lcp_ms: 2600 },
    ]);
    connection.closeSync();
  });
});
