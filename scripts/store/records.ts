import type { z } from 'zod';
import { DataError } from '../errors.ts';
import { SCHEMA_VERSION } from '../schema/common.ts';

/**
 * Parses one record read from data/. The schema version is checked before anything else so a
 * newer record is rejected with a clear message instead of being half-understood.
 */
export function parseRecord<S extends z.ZodType>(schema: S, value: unknown, where: string, versions: readonly number[] = [SCHEMA_VERSION]): z.infer<S> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DataError(where, 'expected a JSON object');
  }
  const version: unknown = Reflect.get(value, 'schemaVersion');
  if (version === undefined) throw new DataError(where, 'record has no schemaVersion');
  if (typeof version !== 'number' || !versions.includes(version)) {
    const readable = versions.length === 1 ? `version ${versions.join('')}` : `versions ${versions.join(' and ')}`;
    throw new DataError(where, `schemaVersion ${JSON.stringify(version)} is not supported (this techscan reads ${readable}); update techscan`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new DataError(where, `invalid record: ${path}${issue?.message ?? 'does not match its schema'}`);
  }
  return result.data;
}

export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataError(where, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}
