import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh directory removed when the current test finishes. */
export async function tempDir(prefix = 'techscan-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A temp copy of a fixture folder, so a test can change it freely. */
async function copyFixture(source: string, prefix?: string): Promise<string> {
  const dir = await tempDir(prefix);
  await cp(source, dir, { recursive: true });
  return dir;
}
