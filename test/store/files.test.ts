import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendLines, readCompleteLines, writeFileAtomic } from '../../scripts/store/files.ts';
import { REPO_ROOT } from '../helpers/paths.ts';
import { tempDir } from '../helpers/temp.ts';

const HUGE_BYTES = 400 * 1024 * 1024;

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file behind', async () => {
    const dir = await tempDir();
    const file = join(dir, 'nested', 'latest.json');
    await writeFileAtomic(file, '{"v":1}\n');
    await writeFileAtomic(file, '{"v":2}\n');
    expect(await readFile(file, 'utf8')).toBe('{"v":2}\n');
    expect(await readdir(join(dir, 'nested'))).toEqual(['latest.json']);
  });

  it('leaves the old file intact when the writer is killed mid-write', async () => {
    const dir = await tempDir();
    const file = join(dir, 'latest.json');
    await writeFile(file, '{"v":"old"}\n');
    // A real crash: a child process starts writing 400 MB through writeFileAtomic and is
    // SIGKILLed as soon as its temp file has data in it.
    const script = `
      import { writeFileAtomic } from './scripts/store/files.ts';
      await writeFileAtomic(${JSON.stringify(file)}, 'x'.repeat(${HUGE_BYTES}));
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: 'ignore' });
    const killedMidWrite = await new Promise<boolean>((resolve) => {
      const poll = setInterval(async () => {
        const temps = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
        const sizes = await Promise.all(
          temps.map((name) =>
            stat(join(dir, name)).then(
              (info) => info.size,
              () => 0,
            ),
          ),
        );
        if (sizes.some((size) => size > 0)) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve(true);
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(poll);
        resolve(false);
      });
    });
    await new Promise((resolve) => (child.exitCode === null && child.signalCode === null ? child.on('exit', resolve) : resolve(null)));
    expect(killedMidWrite).toBe(true);
    expect(child.signalCode).toBe('SIGKILL');
    expect(await readFile(file, 'utf8')).toBe('{"v":"old"}\n');
  });
});

describe('appendLines', () => {
  it('appends lines and repairs a partial last line left by a killed run', async () => {
    const dir = await tempDir();
    const file = join(dir, 'scans', '2026-11.jsonl');
    await appendLines(file, ['{"n":1}', '{"n":2}']);
    await writeFile(file, '{"n":1}\n{"n":2}\n{"n":3, "trunc', { flag: 'w' });
    expect((await readCompleteLines(file)).map((entry) => entry.text)).toEqual(['{"n":1}', '{"n":2}']);
    await appendLines(file, ['{"n":3}']);
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  it('repairs a file that is nothing but a partial line', async () => {
    const dir = await tempDir();
    const file = join(dir, 'x.jsonl');
    await writeFile(file, '{"half":');
    await appendLines(file, ['{"n":1}']);
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n');
  });
});
