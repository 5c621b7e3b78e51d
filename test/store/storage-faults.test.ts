import { mkdir, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { EXIT, StorageError } from '../../scripts/errors.ts';
import { appendLines, injectWriteFault, readCompleteLines, readTextIfExists, writeFileAtomic, type WriteFault } from '../../scripts/store/files.ts';
import { auditData } from '../helpers/data-audit.ts';
import { runCli } from '../helpers/cli.ts';
import { page, startFixtureServer, html } from '../helpers/fixture-server.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A data folder that cannot take a write — full (ENOSPC), read-only (EROFS), not permitted
 * (EACCES), or a path through a file — fails with a typed error and exit status 3, leaves no
 * half-written file behind, and the next run, on a disk that works again, finishes the work.
 * The disk faults are raised inside the store's file module (scripts/store/files.ts), where
 * the operating system would raise them, after part of the data was written.
 */

const NOW = '2026-11-28T12:30:00Z';

afterEach(() => injectWriteFault(null));

async function workspace() {
  const server = await startFixtureServer({ routes: { '/': html(page('<h1>Rival</h1><p>Plans and prices.</p>', { title: 'Rival' })) } });
  onTestFinished(() => server.close());
  const root = await tempDir();
  await mkdir(join(root, 'monitors/acme'), { recursive: true });
  await writeFile(join(root, 'monitors/_settings.yaml'), 'allowPrivateNetworks: true\n');
  for (const slug of ['one', 'two']) {
    await writeFile(
      join(root, 'monitors/acme', `${slug}.yaml`),
      `name: ${slug}\nurl: ${server.url('/')}?${slug}\nschedule: "0 */6 * * *"\nscan: { depth: light, retries: 0 }\nalerts: { recipients: [intel@acme.example] }\n`,
    );
  }
  const dataDir = join(root, 'data');
  const run = (now = NOW) =>
    runCli(['run', '--monitors', join(root, 'monitors'), '--data', dataDir, '--now', now, '--outbox', join(root, 'outbox')], {
      cwd: root,
      env: { TECHSCAN_OFFLINE: '1' },
    });
  return { root, dataDir, server, run };
}

const inData = (part: string) => (path: string) => path.split(sep).join('/').includes(part);

const RUN_FAULTS: readonly [what: string, fault: WriteFault, message: RegExp][] = [
  [
    'the disk fills up while a scan line is appended',
    { code: 'ENOSPC', afterBytes: 100, matches: inData('/scans/') },
    /cannot write .*scans\/\d{4}-\d{2}\.jsonl: no space left on the device \(ENOSPC\)/,
  ],
  [
    'the disk fills up while latest.json is written',
    { code: 'ENOSPC', afterBytes: 100, matches: inData('latest.json') },
    /cannot write .*latest\.json: no space left on the device \(ENOSPC\)/,
  ],
  [
    'the journal cannot be written',
    { code: 'EDQUOT', afterBytes: 10, matches: inData('.pending.json') },
    /cannot write .*\.pending\.json: the disk quota is exceeded \(EDQUOT\)/,
  ],
  [
    'the file system turns read-only for a job line',
    { code: 'EROFS', matches: inData('/jobs/') },
    /cannot write .*jobs\/\d{4}-\d{2}\.jsonl: the file system is read-only \(EROFS\)/,
  ],
];

describe('a run on a data folder that refuses writes', () => {
  it.each(RUN_FAULTS)('%s: exit 3, a clear message, no partial file, and the next run recovers', { timeout: 60_000 }, async (_what, fault, message) => {
    const { dataDir, run } = await workspace();
    injectWriteFault(fault);
    const failed = await run();
    expect(failed.code, failed.stderr).toBe(EXIT.environment);
    expect(failed.stderr).toMatch(message);
    expect(failed.stderr).toContain('nothing was left half-written');
    expect(failed.stderr).not.toContain('internal error');
    const after = await auditData(dataDir);
    expect(after.problems).toEqual([]);
    expect(after.tempFiles).toEqual([]);

    injectWriteFault(null);
    const next = await run();
    expect(next.code, next.stderr).toBe(0);
    const healed = await auditData(dataDir);
    expect(healed.problems).toEqual([]);
    expect(healed.journals).toEqual([]);
    expect(healed.latest.map((scan) => scan.monitor).sort()).toEqual(['acme/one', 'acme/two']);
    expect(healed.scans.map((scan) => scan.monitor).sort()).toEqual(['acme/one', 'acme/two']);
    expect(new Set(healed.jobs.map((job) => job.id)).size).toBe(healed.jobs.length);
  });

  it('fails before scanning anything when the folder takes no file at all', { timeout: 60_000 }, async () => {
    const { dataDir, server, run } = await workspace();
    injectWriteFault({ code: 'EACCES' });
    const failed = await run();
    expect(failed.code).toBe(EXIT.environment);
    expect(failed.stderr).toMatch(/cannot write .*data: permission denied \(EACCES\)/);
    expect(server.requests).toEqual([]);
    expect((await auditData(dataDir)).tempFiles).toEqual([]);
  });

  it('fails with exit 3 when the data folder is a file (a real error from the file system)', async () => {
    const { root, run } = await workspace();
    await writeFile(join(root, 'data'), 'not a folder\n');
    const failed = await run();
    expect(failed.code).toBe(EXIT.environment);
    expect(failed.stderr).toMatch(/cannot write .*data: a part of the path is a file, not a folder \(E(EXIST|NOTDIR)\)/);
    expect(await readTextIfExists(join(root, 'data'))).toBe('not a folder\n');
  });
});

describe('the file primitives on a failing disk', () => {
  it('an append cut short by a full disk leaves the file ending at its last whole line', async () => {
    const file = join(await tempDir(), 'log.jsonl');
    await appendLines(file, ['{"n":1}', '{"n":2}']);
    injectWriteFault({ code: 'ENOSPC', afterBytes: 5 });
    await expect(appendLines(file, ['{"n":3}', '{"n":4}'])).rejects.toBeInstanceOf(StorageError);
    expect(await readTextIfExists(file)).toBe('{"n":1}\n{"n":2}\n');
    injectWriteFault(null);
    await appendLines(file, ['{"n":3}']);
    expect((await readCompleteLines(file)).map((entry) => entry.text)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
  });

  it('an atomic write that fails keeps the old file whole and leaves no temp file', async () => {
    const dir = await tempDir();
    const file = join(dir, 'latest.json');
    await writeFileAtomic(file, '{"old":true}\n');
    injectWriteFault({ code: 'ENOSPC', afterBytes: 3 });
    const error = await writeFileAtomic(file, '{"new":true}\n').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: 'ENOSPC', path: file });
    expect(await readTextIfExists(file)).toBe('{"old":true}\n');
    expect((await auditData(dir)).tempFiles).toEqual([]);
  });
});
