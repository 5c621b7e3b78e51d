import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticData } from '../../scripts/bench/synthetic.ts';
import { EXIT } from '../../scripts/errors.ts';
import { openStore } from '../../scripts/store/store.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/** `techscan compact`: reads its window from monitors/_settings.yaml, prints what it rolled up. */

const END = '2026-11-28T12:00:00.000Z';

async function workspace(settings: string | null) {
  const root = await tempDir();
  const monitorsDir = join(root, 'monitors');
  const dataDir = join(root, 'data');
  await writeSyntheticData({ monitorsDir, dataDir, monitors: 2, days: 150, end: new Date(END) });
  if (settings !== null) await writeFile(join(monitorsDir, '_settings.yaml'), settings);
  const compact = (...extra: string[]) => runCli(['compact', '--monitors', monitorsDir, '--data', dataDir, '--now', END, ...extra], { cwd: root });
  return { dataDir, compact };
}

describe('techscan compact', () => {
  it.each([
    ['the default window of 90 days', null, ['2026-07'], '2026-08'],
    ['retention.fullScansDays from _settings.yaml', 'retention:\n  fullScansDays: 40\n', ['2026-07', '2026-08', '2026-09'], '2026-10'],
  ])('compacts the months before %s', async (_, settings, lastMonths, keptFrom) => {
    const { dataDir, compact } = await workspace(settings);
    const dry = await compact('--dry-run');
    expect(dry.code).toBe(EXIT.ok);
    expect(dry.stdout).toContain('Would compact');
    expect(await openStore(dataDir).days('acme/site-0001')).toEqual([]);

    const result = await compact();
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain(`full history kept from ${keptFrom}`);
    expect(result.stdout).toEqual(dry.stdout.replace('Would compact', 'Compacted'));
    for (const month of lastMonths) expect(result.stdout).toMatch(new RegExp(`acme/site-0001\\s+${month}\\s+\\d+`));
    const { days, scans } = await openStore(dataDir).history('acme/site-0001');
    expect(days.at(-1)?.day.slice(0, 7)).toBe(lastMonths.at(-1));
    expect(scans[0]?.scannedAt.slice(0, 7)).toBe(keptFrom);

    const again = await compact('--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ dryRun: false, keepFrom: keptFrom, monitors: [] });
  });

  it('stops with a located error on a window it cannot honour', async () => {
    const { compact } = await workspace('retention:\n  fullScansDays: 7\n');
    const result = await compact();
    expect(result.code).toBe(EXIT.problems);
    expect(result.stderr).toMatch(/_settings\.yaml:2:\d+.*retention\.fullScansDays.*at least 31/);
  });
});
