import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { delivered, attemptFailed, attempted } from '../../scripts/alerts/channels/channel.ts';
import { DataError } from '../../scripts/errors.ts';
import type { Digest } from '../../scripts/schema/alert.ts';
import { openAlertQueue } from '../../scripts/store/alert-queue.ts';
import { tempDir } from '../helpers/temp.ts';
import { alert, headerRemoved, versionChange } from './fixtures.ts';

const NOW = new Date('2026-11-28T08:00:00.000Z');
const october = alert(versionChange('React', '18.2.0', '19.0.0', { detectedAt: '2026-10-31T23:00:00.000Z' }));
const november = alert(headerRemoved('Content-Security-Policy'));

describe('alert queue', () => {
  it('is empty when nothing was ever queued', async () => {
    const queue = openAlertQueue(join(await tempDir(), 'data'));
    expect(await queue.pending()).toEqual([]);
    expect(await queue.history()).toEqual([]);
    expect(await queue.digests()).toEqual([]);
    expect(await queue.pendingNotifications()).toEqual([]);
  });

  it('keeps every alert when scans queue theirs at the same time', async () => {
    const queue = openAlertQueue(await tempDir());
    // As a run's pool does: each finished scan queues its alerts while others are queuing.
    const alerts = Array.from({ length: 12 }, (_, index) => alert(versionChange('React', '18.2.0', `19.0.${index}`, { monitor: `acme/site-${index}` })));
    await Promise.all([...alerts.map((queued) => queue.enqueue([queued])), queue.update([delivered(attempted(october, NOW), NOW)])]);
    expect((await queue.pending()).map((queued) => queued.id).sort()).toEqual(alerts.map((queued) => queued.id).sort());
  });

  it('queues idempotently by id, also once an alert is sent', async () => {
    const dataDir = await tempDir();
    const queue = openAlertQueue(dataDir);
    expect(await queue.enqueue([october, november, october])).toEqual([october, november]);
    expect(await queue.enqueue([november])).toEqual([]);
    expect(await queue.pending()).toEqual([october, november]);

    await queue.update([delivered(attempted(october, NOW), NOW)]);
    expect(await queue.pending()).toEqual([november]);
    expect(await queue.enqueue([october])).toEqual([]);
    expect(await queue.history()).toEqual([{ ...october, status: 'sent', attempts: 1, lastAttemptAt: NOW.toISOString(), sentAt: NOW.toISOString() }]);

    // Closed alerts go to the month of their change; pending.json is pretty, sorted JSON.
    const history = await readFile(join(dataDir, 'alerts/history/2026-10.jsonl'), 'utf8');
    expect(history.trim().split('\n')).toHaveLength(1);
    const pendingText = await readFile(join(dataDir, 'alerts/pending.json'), 'utf8');
    expect(pendingText).toMatch(/^\{\n {2}"alerts": \[\n/);
    expect(pendingText).toContain('"schemaVersion": 1');
  });

  it('keeps a failed attempt pending with its error and moves it to the history at the cap', async () => {
    const queue = openAlertQueue(await tempDir());
    await queue.enqueue([november]);
    const once = attemptFailed(attempted(november, NOW), 'connect ECONNREFUSED', 2);
    await queue.update([once]);
    expect(await queue.pending()).toEqual([{ ...once, status: 'pending', lastError: 'connect ECONNREFUSED' }]);
    const twice = attemptFailed(attempted(once, NOW), 'connect ECONNREFUSED', 2);
    await queue.update([twice]);
    expect(await queue.pending()).toEqual([]);
    expect((await queue.history()).map((item) => [item.status, item.attempts])).toEqual([['failed', 2]]);
  });

  it('trusts the history when a run was killed before pending.json was rewritten', async () => {
    const dataDir = await tempDir();
    const queue = openAlertQueue(dataDir);
    await queue.enqueue([november]);
    const pendingFile = join(dataDir, 'alerts/pending.json');
    const before = await readFile(pendingFile, 'utf8');
    await queue.update([delivered(attempted(november, NOW), NOW)]);
    await writeFile(pendingFile, before);
    const reopened = openAlertQueue(dataDir);
    expect(await reopened.pending()).toEqual([]);
    expect(await reopened.enqueue([november])).toEqual([]);
    // The next save drops the stale entry from pending.json.
    await reopened.enqueue([october]);
    await reopened.update([attempted(october, NOW)]);
    expect(JSON.parse(await readFile(pendingFile, 'utf8'))).toMatchObject({ alerts: [{ id: october.id }] });
  });

  it('logs digests once per Message-ID, by the end of their period', async () => {
    const dataDir = await tempDir();
    const queue = openAlertQueue(dataDir);
    const digest: Digest = {
      schemaVersion: 1,
      messageId: '<digest.abc@acme.example>',
      recipient: 'intel@acme.example',
      frequency: 'daily',
      periodStart: '2026-11-30T08:00:00.000Z',
      periodEnd: '2026-12-01T08:00:00.000Z',
      subject: '1 change at Cartly — 1 high',
      alertIds: [november.id],
      sentAt: '2026-12-01T08:05:00.000Z',
      transport: 'smtp',
      location: null,
    };
    await queue.recordDigest(digest);
    await queue.recordDigest({ ...digest, sentAt: '2026-12-01T09:05:00.000Z' });
    expect(await queue.digests()).toEqual([digest]);
    expect((await readFile(join(dataDir, 'alerts/digests/2026-12.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('rejects a pending file written by a newer techscan', async () => {
    const dataDir = await tempDir();
    const queue = openAlertQueue(dataDir);
    await queue.enqueue([november]);
    await writeFile(join(dataDir, 'alerts/pending.json'), '{"schemaVersion":2,"alerts":[],"notifications":[]}');
    await expect(queue.pending()).rejects.toThrow(DataError);
    await expect(queue.pending()).rejects.toThrow(/schemaVersion 2 is not supported/);
  });
});
