import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../scripts/errors.ts';
import { openStore } from '../../scripts/store/store.ts';
import { job, scan } from '../helpers/records.ts';
import { tempDir } from '../helpers/temp.ts';

describe('store', () => {
  it('treats a missing or empty data folder as an empty store', async () => {
    const store = openStore(join(await tempDir(), 'data'));
    expect(await store.monitorIds()).toEqual([]);
    expect(await store.latestScan('acme/x')).toBeNull();
    expect(await store.scans('acme/x')).toEqual([]);
    expect(await store.changes('acme/x')).toEqual([]);
    expect(await store.runs()).toEqual([]);
    expect(await store.blockTexts('acme/x')).toEqual({});
  });

  it('keeps monthly histories, appends idempotently and reads back in order', async () => {
    const dataDir = await tempDir();
    const store = openStore(dataDir);
    const october = scan({ scannedAt: '2026-10-31T23:00:00.000Z' });
    const november = [scan({ scannedAt: '2026-11-01T06:00:00.000Z' }), scan({ scannedAt: '2026-11-01T12:00:00.000Z' })];
    expect(await store.appendScans([october, ...november])).toHaveLength(3);
    // A retried run appends the same records again: nothing is duplicated.
    expect(await store.appendScans([...november, october])).toEqual([]);

    expect(await store.scans('acme/competitor-x')).toEqual([october, ...november]);
    expect(await store.scans('acme/competitor-x', { limit: 2 })).toEqual(november);
    expect(await store.scans('acme/competitor-x', { since: '2026-11-01T07:00:00.000Z' })).toEqual([november[1]]);
    expect(await store.monitorIds()).toEqual(['acme/competitor-x']);

    const files = await readFile(join(dataDir, 'monitors/acme/competitor-x/scans/2026-11.jsonl'), 'utf8');
    expect(files.trim().split('\n')).toHaveLength(2);
    // Stable key order: the same record always serialises to the same line.
    expect(files.split('\n')[0]?.startsWith('{"content":{"blocks":')).toBe(true);
  });

  it('writes latest.json pretty-printed and reads it back', async () => {
    const dataDir = await tempDir();
    const store = openStore(dataDir);
    const latest = scan();
    await store.writeLatestScan(latest);
    expect(await store.latestScan('acme/competitor-x')).toEqual(latest);
    const text = await readFile(join(dataDir, 'monitors/acme/competitor-x/latest.json'), 'utf8');
    expect(text).toMatch(/^\{\n {2}"content": \{/);
  });

  it('stores jobs and runs per month', async () => {
    const store = openStore(await tempDir());
    await store.appendJobs([job({ attempt: 1, status: 'failed', error: { kind: 'timeout', message: 'slow' } }), job({ attempt: 2 })]);
    expect((await store.jobs('acme/competitor-x')).map((entry) => [entry.attempt, entry.status])).toEqual([
      [1, 'failed'],
      [2, 'completed'],
    ]);
  });

  it.each([
    ['a newer schema version', '{"schemaVersion":3,"id":"x"}', /schemaVersion 3 is not supported \(this techscan reads versions 1 and 2\); update techscan/],
    ['no schema version', '{"id":"x"}', /record has no schemaVersion/],
    ['corrupt JSON', '{"schemaVersion":1,', /not valid JSON/],
    ['a record that does not match its schema', '{"schemaVersion":1,"id":"x"}', /invalid record: monitor: /],
  ])('rejects %s with the file and line', async (_, line, message) => {
    const dataDir = await tempDir();
    const dir = join(dataDir, 'monitors/acme/x/scans');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '2026-11.jsonl'), `${line}\n`);
    const read = openStore(dataDir).scans('acme/x');
    await expect(read).rejects.toThrow(DataError);
    await expect(read).rejects.toThrow(message);
    await expect(read).rejects.toThrow(`${join(dir, '2026-11.jsonl')}:1: `);
  });

  it('rejects a latest.json from a newer techscan', async () => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, 'monitors/acme/x'), { recursive: true });
    await writeFile(join(dataDir, 'monitors/acme/x/latest.json'), '{"schemaVersion": 3}');
    await expect(openStore(dataDir).latestScan('acme/x')).rejects.toThrow(/latest\.json: schemaVersion 3 is not supported/);
  });
});

describe('lastCovered', () => {
  it('is the scheduled time of the last kept job, falling back to the latest scan time', async () => {
    const store = openStore(await tempDir());
    expect(await store.lastCovered('acme/competitor-x')).toBeNull();
    await store.writeLatestScan(scan({ scannedAt: '2026-11-28T12:20:00.000Z' }));
    expect(await store.lastCovered('acme/competitor-x')).toEqual(new Date('2026-11-28T12:20:00.000Z'));
    await store.appendJobs([
      job({ startedAt: '2026-11-28T12:20:00.000Z', scheduledFor: '2026-11-28T12:00:00.000Z', scanId: 'kept' }),
      job({ startedAt: '2026-11-28T18:20:00.000Z', scheduledFor: '2026-11-28T18:00:00.000Z', attempt: 1, status: 'timed_out', scanId: null }),
    ]);
    // The retried attempt kept no scan: the monitor is still covered up to 12:00 only.
    expect(await store.lastCovered('acme/competitor-x')).toEqual(new Date('2026-11-28T12:00:00.000Z'));
  });
});
