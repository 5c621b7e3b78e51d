import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSyntheticData } from '../../scripts/bench/synthetic.ts';
import { openStore } from '../../scripts/store/store.ts';
import { tempDir } from '../helpers/temp.ts';

/** The site's benchmark and fixtures use the rich mode; the default history must stay as it was. */
describe('writeSyntheticData', () => {
  const options = { monitors: 3, days: 90, seed: 3 };

  async function write(extra: { richChanges?: boolean } = {}) {
    const root = await tempDir();
    const dataDir = join(root, 'data');
    const summary = await writeSyntheticData({ ...options, ...extra, dataDir, monitorsDir: join(root, 'monitors') });
    const store = openStore(dataDir);
    const types = new Set<string>();
    for (const id of await store.monitorIds()) for (const change of await store.changes(id)) types.add(change.type);
    return { summary, types, dataDir };
  }

  it('is deterministic, and by default records technology and grade changes only', async () => {
    const [first, second] = [await write(), await write()];
    expect(second.summary).toEqual(first.summary);
    const file = join('monitors', 'acme', 'site-0001', 'scans', '2026-10.jsonl');
    expect(await readFile(join(second.dataDir, file), 'utf8')).toBe(await readFile(join(first.dataDir, file), 'utf8'));
    expect([...first.types].every((type) => type.startsWith('technology_') || type === 'security_grade_changed')).toBe(true);
  });

  it('adds content, performance, header and outage changes in rich mode, every record valid', async () => {
    const plain = await write();
    const rich = await write({ richChanges: true });
    expect(rich.summary.scans).toBe(plain.summary.scans);
    expect(rich.summary.changes).toBeGreaterThan(plain.summary.changes);
    const added = [...rich.types].filter((type) => !plain.types.has(type));
    expect(added).toContain('content_changed');
    expect(added.length).toBeGreaterThanOrEqual(3);
  });
});
