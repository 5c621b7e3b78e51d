import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StorageError } from '../errors.ts';

/**
 * The file primitives of data/: whole-file writes are atomic (temp file, fsync, rename), and
 * JSONL appends repair a line left half-written by a killed run before adding to the file. A
 * write the disk refuses (full, read-only, no permission) removes what it had written and
 * throws a StorageError naming the file.
 */

export const TEMP_SUFFIX = '.tmp';
const TAIL_CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** What a refused write means, for the error codes that say the disk or the folder is the problem. */
const STORAGE_FAILURES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is too large for the file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder',
  EISDIR: 'the path is a folder',
  EIO: 'the device reported an input/output error',
};

/**
 * A fault the next writes meet where a disk would raise it, for the tests of full and
 * read-only disks: `afterBytes` of the data reach the file first (a disk filling up mid-write),
 * then the write fails with `code`. Only paths that `matches` accepts are affected.
 */
export interface WriteFault {
  /** An errno code, e.g. `ENOSPC`, `EROFS`, `EACCES`. */
  readonly code: string;
  readonly afterBytes?: number;
  readonly matches?: (path: string) => boolean;
}

let injectedFault: WriteFault | null = null;

/** Makes the writes below fail as `fault` says until it is cleared with null. */
export function injectWriteFault(fault: WriteFault | null): void {
  injectedFault = fault;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await writeData(handle, temp, data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw storageError(path, error);
  }
}

/** Appends one line per entry; a trailing partial line from an interrupted write is dropped first. */
export async function appendLines(path: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  let handle: Handle;
  try {
    await mkdir(dirname(path), { recursive: true });
    handle = await open(path, 'a+');
  } catch (error) {
    throw storageError(path, error);
  }
  let completeSize: number | null = null;
  try {
    const { size } = await handle.stat();
    completeSize = await completeLinesSize(handle, size);
    if (completeSize < size) await handle.truncate(completeSize);
    await writeData(handle, path, lines.map((entry) => `${entry}\n`).join(''));
    await handle.sync();
  } catch (error) {
    // Lines cut short by a full disk go, so the file ends where its last whole record does.
    if (completeSize !== null) await handle.truncate(completeSize).catch(() => undefined);
    throw storageError(path, error);
  } finally {
    await handle.close();
  }
}

type Handle = Awaited<ReturnType<typeof open>>;

async function writeData(handle: Handle, path: string, data: string | Uint8Array): Promise<void> {
  const fault = injectedFault && (injectedFault.matches?.(path) ?? true) ? injectedFault : null;
  if (fault === null) return handle.writeFile(data);
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  await handle.writeFile(bytes.subarray(0, Math.min(fault.afterBytes ?? 0, bytes.length)));
  throw Object.assign(new Error(`${fault.code}: ${STORAGE_FAILURES[fault.code] ?? 'write failed'}, write '${path}'`), { code: fault.code, path });
}

/** The typed error for a write the disk or folder refused; any other error as it was. */
function storageError(path: string, error: unknown): unknown {
  if (error instanceof StorageError) return error;
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : null;
  const meaning = code === null ? undefined : STORAGE_FAILURES[code];
  return code !== null && meaning !== undefined ? new StorageError(path, code, meaning) : error;
}

/** Fails with a StorageError unless files can be created in `dir` (made when missing). */
export async function requireWritableDir(dir: string): Promise<void> {
  const probe = `${dir}/.write-check.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(probe, 'w');
    try {
      await writeData(handle, probe, 'ok');
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw storageError(dir, error);
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

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
