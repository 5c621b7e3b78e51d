import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../scripts/errors.ts';
import { openStore } from '../../scripts/store/store.ts';
import { siteInputs } from '../../site/src/lib/inputs.ts';
import { loadSite } from '../../site/src/lib/load.ts';
import { REPO_ROOT } from '../helpers/paths.ts';
import { scan } from '../helpers/records.ts';
import { tempDir } from '../helpers/temp.ts';
import { FIXTURE_MONITORS, FIXTURE_NOW, SCRIPT_TITLE, writeSiteFixture } from './fixture.ts';

const BUILT_AT = new Date('2026-11-28T13:05:00.000Z');

async function load(dataDir: string, monitorsDir: string) {
  const inputs = siteInputs({ TECHSCAN_DATA: dataDir, TECHSCAN_MONITORS: monitorsDir, TECHSCAN_NOW: FIXTURE_NOW.toISOString() }, REPO_ROOT, REPO_ROOT);
  return loadSite(inputs, () => BUILT_AT);
}

describe('loadSite', () => {
  it('reads every configured monitor and every monitor with data, once, into the site model', async () => {
    const fixture = await writeSiteFixture(await tempDir());
    const model = await load(fixture.dataDir, fixture.monitorsDir);
    const byId = new Map(model.monitors.map((monitor) => [monitor.id, monitor]));

    expect(model.monitors.map((monitor) => monitor.id)).toEqual([
      'acme/site-0001',
      'acme/evil-corp',
      'globex/site-0002',
      'globex/newcomer',
      'globex/paused',
      'initech/site-0003',
      'initech/retired',
      'rivals/alpha',
      'rivals/beta',
      'rivals/delta',
      'rivals/epsilon',
      'rivals/gamma',
      'rivals/our-shop',
      'umbrella/site-0004',
    ]);
    const hostile = byId.get(FIXTURE_MONITORS.hostile);
    expect(hostile).toMatchObject({ status: 'failing', configured: true, tags: ['retail', 'hostile'], dueNow: false, nextDue: '2026-11-28T18:00:00.000Z' });
    expect(hostile?.history.lastGood?.content?.title).toBe(SCRIPT_TITLE);
    expect(hostile?.jobs.map((job) => job.status)).toEqual(['timed_out', 'failed', 'completed', 'completed']);
    expect(byId.get(FIXTURE_MONITORS.neverScanned)).toMatchObject({ status: 'never-scanned', dueNow: true, nextDue: FIXTURE_NOW.toISOString() });
    expect(byId.get(FIXTURE_MONITORS.disabled)).toMatchObject({ enabled: false, nextDue: null, dueNow: false });
    expect(byId.get(FIXTURE_MONITORS.removed)).toMatchObject({ configured: false, name: 'initech/retired', repoFile: null, status: 'ok', nextDue: null });
    expect(hostile?.repoFile).toMatch(/acme\/evil-corp\.yaml$/);

    const stored = model.monitors.reduce((sum, monitor) => sum + monitor.changes.length, 0);
    expect(model.changes.length).toBe(stored);
    expect(model.changes.map((change) => change.detectedAt)).toEqual(
      model.changes
        .map((change) => change.detectedAt)
        .sort()
        .reverse(),
    );
    expect(model.overview.monitors).toBe(14);
    expect(model.overview.byStatus['never-scanned']).toBe(2);
    expect(model.overview.changesThisWeek.total).toBe(model.changes.filter((change) => change.detectedAt >= '2026-11-21T13:00:00.000Z').length);
    expect(model.builtAt).toBe(BUILT_AT.toISOString());
    expect(model.dataUpdatedAt).toBe(model.runs[0]?.completedAt);
    expect(model.landscape.weekStarts.length).toBe(53);
    expect(model.organizations).toEqual(['acme', 'globex', 'initech', 'rivals', 'umbrella']);
    expect(model.tags).toEqual(['hostile', 'retail', 'rivals', 'saas']);
  });

  it('changes the build id when the data changes, and only then', async () => {
    const fixture = await writeSiteFixture(await tempDir());
    const first = await load(fixture.dataDir, fixture.monitorsDir);
    expect((await load(fixture.dataDir, fixture.monitorsDir)).buildId).toBe(first.buildId);
    const newer = scan({ monitor: 'acme/site-0001', scannedAt: '2026-11-28T12:30:00.000Z' });
    await openStore(fixture.dataDir).appendScans([newer]);
    await openStore(fixture.dataDir).writeLatestScan(newer);
    const second = await load(fixture.dataDir, fixture.monitorsDir);
    expect(second.buildId).not.toBe(first.buildId);
  });

  it('renders what is valid and lists the config problems', async () => {
    const fixture = await writeSiteFixture(await tempDir());
    await writeFile(join(fixture.monitorsDir, 'acme', 'broken.yaml'), 'name: Broken\nurl: ftp://broken.example/\nschedule: "@daily"\n');
    const model = await load(fixture.dataDir, fixture.monitorsDir);
    expect(model.monitors.some((monitor) => monitor.id === 'acme/broken')).toBe(false);
    expect(model.problems.map((problem) => problem.file)).toEqual([expect.stringMatching(/acme\/broken\.yaml$/)]);
  });

  it('builds from an empty data folder', async () => {
    const fixture = await writeSiteFixture(await tempDir());
    const model = await load(join(await tempDir(), 'no-data-yet'), fixture.monitorsDir);
    expect(model.monitors.every((monitor) => monitor.status === 'never-scanned')).toBe(true);
    expect([model.changes, model.runs, model.dataUpdatedAt, model.overview.jobs7.rate]).toEqual([[], [], null, null]);
  });

  it('stops on a record it cannot read, naming the file and line', async () => {
    const fixture = await writeSiteFixture(await tempDir());
    await appendFile(join(fixture.dataDir, 'monitors', 'acme', 'evil-corp', 'changes', '2026-11.jsonl'), '{"schemaVersion":2,"id":"x"}\n');
    await expect(load(fixture.dataDir, fixture.monitorsDir)).rejects.toThrow(DataError);
    await expect(load(fixture.dataDir, fixture.monitorsDir)).rejects.toThrow(/changes\/2026-11\.jsonl:\d+: schemaVersion 2 is not supported/);
  });
});
