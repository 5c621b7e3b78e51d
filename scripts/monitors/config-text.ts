/**
 * A config file's bytes as text, or why they cannot be: too big to be a monitor, not UTF-8
 * (a UTF-16 export, a Latin-1 file), or NUL bytes. Located at the first offending byte, so the
 * message points where an editor shows the problem.
 */

/** A monitor is a few hundred bytes; anything near this is not one (and may be a bomb). */
export const MAX_CONFIG_BYTES = 64 * 1024;

export interface Unreadable {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16_BOMS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
];

export function decodeConfig(bytes: Uint8Array, size = bytes.length): { text: string } | { unreadable: Unreadable } {
  if (size > MAX_CONFIG_BYTES) {
    return { unreadable: { line: 1, col: 1, message: `file is ${size} bytes; a config file may have at most ${MAX_CONFIG_BYTES}` } };
  }
  if (UTF16_BOMS.some((bom) => bom.every((byte, index) => bytes[index] === byte))) {
    return { unreadable: { line: 1, col: 1, message: 'file is UTF-16; save it as UTF-8' } };
  }
  const body = UTF8_BOM.every((byte, index) => bytes[index] === byte) ? bytes.subarray(UTF8_BOM.length) : bytes;
  const invalid = firstInvalidUtf8(body);
  if (invalid !== null) return { unreadable: { ...positionOf(body, invalid), message: 'file is not valid UTF-8 (save it as UTF-8)' } };
  const nul = body.indexOf(0);
  if (nul !== -1) return { unreadable: { ...positionOf(body, nul), message: 'file contains a NUL byte' } };
  return { text: new TextDecoder('utf-8').decode(body) };
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or null. */
function firstInvalidUtf8(bytes: Uint8Array): number | null {
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    strict.decode(bytes);
    return null;
  } catch {
    // Narrow down by halves: the longest valid prefix ends at the first bad byte.
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (validPrefix(bytes.subarray(0, middle))) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/** A prefix is valid when it decodes, allowing a sequence cut short at its end. */
function validPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function positionOf(bytes: Uint8Array, offset: number): { line: number; col: number } {
  const before = bytes.subarray(0, offset);
  let line = 1;
  let lineStart = 0;
  before.forEach((byte, index) => {
    if (byte === 0x0a) {
      line += 1;
      lineStart = index + 1;
    }
  });
  const col = new TextDecoder('utf-8').decode(before.subarray(lineStart)).length + 1;
  return { line, col };
}
