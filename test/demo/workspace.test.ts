import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPETITORS, DEMO_RECIPIENT } from '../../scripts/demo/cast.ts';
import { prepareWorkspace, writeMonitors } from '../../scripts/demo/workspace.ts';
import { UsageError } from '../../scripts/errors.ts';
import { loadMonitorConfig } from '../../scripts/monitors/files.ts';
import { tempDir } from '../helpers/temp.ts';

describe('the demo workspace', () => {
  it('is created where it does not exist yet', async () => {
    const dir = join(await tempDir(), 'deep', 'demo');
    const workspace = await prepareWorkspace(dir);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['monitors', 'data', '.techscan-demo']));
    expect(workspace.outboxDir).toBe(join(dir, 'outbox'));
  });

  it('replaces what an earlier demo left, and only that', async () => {
    const dir = await tempDir();
    const workspace = await prepareWorkspace(dir);
    await writeFile(join(workspace.dataDir, 'left-over.json'), '{}');
    await prepareWorkspace(dir);
    expect(await readdir(workspace.dataDir)).toEqual([]);
  });

  it.each([
    ['a folder of other files', async (dir: string) => void (await writeFile(join(dir, 'notes.txt'), 'mine'))],
    ['a repository', async (dir: string) => void (await mkdir(join(dir, 'monitors')))],
  ])('refuses %s, and leaves it as it was', async (_what, fill) => {
    const dir = await tempDir();
    await fill(dir);
    const before = await readdir(dir);
    await expect(prepareWorkspace(dir)).rejects.toThrow(UsageError);
    await expect(prepareWorkspace(dir)).rejects.toThrow(/not empty and was not made by the demo/);
    expect(await readdir(dir)).toEqual(before);
  });

  it('refuses a file', async () => {
    const file = join(await tempDir(), 'demo');
    await writeFile(file, '');
    await expect(prepareWorkspace(file)).rejects.toThrow(/is a file/);
  });

  it('writes monitors that validate, tuned so two scans can show every kind of change', async () => {
    const { monitorsDir, dir } = await prepareWorkspace(await tempDir());
    await writeMonitors(
      monitorsDir,
      COMPETITORS.map((competitor, index) => ({ competitor, url: `http://127.0.0.1:${40_000 + index}/` })),
    );
    const config = await loadMonitorConfig(monitorsDir, dir);
    expect(config.problems).toEqual([]);
    expect(config.monitors.map((monitor) => monitor.id).sort()).toEqual(COMPETITORS.map((competitor) => `demo/${competitor.slug}`).sort());
    for (const monitor of config.monitors) {
      expect(monitor.file).toBe(`monitors/${monitor.id}.yaml`);
      expect(monitor.alerts).toMatchObject({ recipients: [DEMO_RECIPIENT], digest: 'immediate', minSeverity: 'low' });
      expect(monitor.changes).toMatchObject({
        removalAfterScans: 1,
        confirmScans: 1,
        downAfterFailures: 1,
        performance: { baselineScans: 1, confirmScans: 1 },
      });
    }
  });
});
