import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The files under a folder with their sizes, for the benchmarks that measure what they wrote. */

export interface SizedFile {
  readonly path: string;
  readonly bytes: number;
}

export async function listFiles(dir: string): Promise<SizedFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return { path, bytes: (await stat(path)).size };
      }),
  );
}

export async function folderBytes(dir: string): Promise<number> {
  return (await listFiles(dir)).reduce((sum, file) => sum + file.bytes, 0);
}
