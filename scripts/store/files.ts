import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The file primitives of data/: whole-file writes are atomic (temp file, fsync, rename), and
 * JSONL appends repair a line left half-written by a killed run before adding to the file.
 */

export const TEMP_SUFFIX = '.tmp';
const TAIL_CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Appends one line per entry; a trailing partial line from an interrupted write is dropped first. */
export async function appendLines(path: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a+');
  try {
    const { size } = await handle.stat();
    const completeSize = await completeLinesSize(handle, size);
    if (completeSize < size) await handle.truncate(completeSize);
    await handle.appendFile(lines.map((entry) => `${entry}\n`).join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

type Handle = Awaited<ReturnType<typeof open>>;

/** Size of the file up to and including its last newline. */
async function completeLinesSize(handle: Handle, size: number): Promise<number> {
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - TAIL_CHUNK_BYTES);
    const buffer = Buffer.alloc(end - start);
    await handle.read(buffer, 0, buffer.length, start);
    const index = buffer.lastIndexOf(NEWLINE);
    if (index >= 0) return start + index + 1;
    end = start;
  }
  return 0;
}

export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** Complete lines of a JSONL file with their 1-based line numbers; a partial last line is skipped. */
export async function readCompleteLines(path: string): Promise<{ line: number; text: string }[]> {
  const text = await readTextIfExists(path);
  if (text === null) return [];
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .map((entry, index) => ({ line: index + 1, text: entry }))
    .filter((entry) => entry.text.trim() !== '');
}

/** Entry names in a directory, sorted; none when it does not exist. Temp files are not entries. */
export async function listDir(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path);
    return entries.filter((name) => !name.endsWith(TEMP_SUFFIX) && !name.startsWith('.')).sort();
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
