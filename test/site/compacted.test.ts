import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticData } from '../../scripts/bench/synthetic.ts';
import { compactStore } from '../../scripts/store/compaction.ts';
import { openStore } from '../../scripts/store/store.ts';
import type { MonitorView } from '../../site/src/lib/model.ts';
import { siteInputs } from '../../site/src/lib/inputs.ts';
import { loadSite } from '../../site/src/lib/load.ts';
import { REPO_ROOT } from '../helpers/paths.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The site over compacted history shows what it showed over full history, at day resolution:
 * the same scan counts and first scan, the same days with the same medians, grades, stack and
 * technology versions, and charts that still reach back into the compacted months.
 */

const END = new Date('2026-11-28T12:00:00.000Z');
const NOW = new Date('2026-11-28T13:00:00.000Z');
const DAYS = 200;
/** Loading two 200-day histories through the store. */
const TIMEOUT_MS = 60_000;

async function model(dataDir: string, monitorsDir: string) {
  const inputs = siteInputs({ TECHSCAN_DATA: dataDir, TECHSCAN_MONITORS: monitorsDir, TECHSCAN_NOW: NOW.toISOString() }, REPO_ROOT, REPO_ROOT);
  return loadSite(inputs, () => NOW);
}

/** What a monitor's pages show of its history that does not depend on scan-level detail. */
function shown({ history }: MonitorView) {
  return {
    scans: history.scans,
    okScans: history.okScans,
    firstScanAt: history.firstScanAt,
    daily: history.daily,
    grades: history.grades,
    stack: history.stack,
    weekly: history.weekly,
    months: history.monthly.map((month) => [month.period, month.okScans, month.technologies, month.grade]),
    observations: history.observations,
    samples: history.metrics.map((series) => [series.metric, series.samples, series.baseline, series.latest]),
    recentScans: history.recentScans,
  };
}

describe('the site over compacted history', () => {
  it('shows the compacted past as it showed the full history, day by day', { timeout: TIMEOUT_MS }, async () => {
    const root = await tempDir();
    const monitorsDir = join(root, 'monitors');
    const fullDir = join(root, 'full');
    await writeSyntheticData({ monitorsDir, dataDir: fullDir, monitors: 3, days: DAYS, end: END, richChanges: true });
    const compactedDir = join(root, 'compacted');
    await cp(fullDir, compactedDir, { recursive: true });
    const compacted = await compactStore(openStore(compactedDir), { now: NOW, fullScansDays: 90, keepScans: () => 56, dryRun: false });
    expect(compacted.flatMap((entry) => entry.months).length).toBeGreaterThan(3);

    const [full, rolled] = [await model(fullDir, monitorsDir), await model(compactedDir, monitorsDir)];
    expect(rolled.monitors.map((monitor) => monitor.id)).toEqual(full.monitors.map((monitor) => monitor.id));
    for (const [index, monitor] of rolled.monitors.entries()) {
      const reference = full.monitors[index];
      if (!reference) throw new Error(`no full-history model for ${monitor.id}`);
      expect(shown(monitor)).toEqual(shown(reference));
      expect(monitor.changes).toEqual(reference.changes);
      // The charts still begin in the compacted months, with each day's spread as their band.
      for (const series of monitor.history.metrics) {
        expect(new Date(series.buckets[0]?.t ?? 0).toISOString().slice(0, 7)).toBe(
          new Date(reference.history.metrics[0]?.buckets[0]?.t ?? 0).toISOString().slice(0, 7),
        );
      }
    }
    expect(rolled.monitors.some((monitor) => monitor.history.daily[0]?.period.startsWith('2026-05'))).toBe(true);
  });
});
