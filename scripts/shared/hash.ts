import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/** Short, stable hex id of any JSON-able value (key order does not matter). */
export function contentHash(value: unknown, length = 16): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
