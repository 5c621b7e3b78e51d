import type { z } from 'zod';
import { keysAt } from './schema-walk.ts';
import { didYouMean } from './suggest.ts';
import type { ConfigPath } from './problem.ts';

/** What a schema issue means for the person editing the file, and where to point at. */
export interface Finding {
  readonly path: ConfigPath;
  /** `key` points at the key itself (unknown keys); `value` at the value or, when missing, its parent. */
  readonly anchor: 'key' | 'value';
  readonly message: string;
}

export function findingsFromIssues(issues: readonly z.core.$ZodIssue[], data: unknown, schema: z.core.$ZodType): Finding[] {
  return issues.flatMap((issue) => describeIssue(issue, data, schema));
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown, schema: z.core.$ZodType): Finding[] {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const input = valueAt(data, path);
  const value = (message: string): Finding[] => [{ path, anchor: 'value', message }];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        anchor: 'key',
        message: `unknown key "${key}"${didYouMean(key, keysAt(schema, path))}`,
      }));
    case 'invalid_type':
      if (input === undefined) return value('is required');
      // A retired key: its schema carries the message saying what replaced it.
      if (issue.expected === 'never') return value(issue.message);
      return value(`expected ${article(issue.expected)}, got ${describe(input)}`);
    case 'invalid_value':
      if (issue.values.length === 1) return value(`must be ${show(issue.values[0])}, got ${describe(input)}`);
      return value(
        `${show(input)} is not one of ${listValues(issue.values.map(String))}${typeof input === 'string' ? didYouMean(input, issue.values.map(String)) : ''}`,
      );
    case 'invalid_format':
      return value(`${show(input)} ${issue.message}`);
    case 'too_small':
      return value(sizeMessage('at least', issue.origin, issue.minimum, input));
    case 'too_big':
      return value(sizeMessage('at most', issue.origin, issue.maximum, input));
    case 'invalid_key': {
      const key = path.length > 0 ? String(path[path.length - 1]) : '';
      const parent = path.slice(0, -1);
      return [
        {
          path,
          anchor: 'key',
          message: `unknown key "${key}"${didYouMean(key, keysAt(schema, parent))}`,
        },
      ];
    }
    default:
      return value(issue.message);
  }
}

const LISTED_VALUES = 6;

function listValues(values: readonly string[]): string {
  return values.length <= LISTED_VALUES ? values.join(', ') : `${values.slice(0, 3).join(', ')}, … (${values.length} values)`;
}

function sizeMessage(bound: string, origin: string, limit: number | bigint, input: unknown): string {
  if (origin === 'string') return Number(limit) === 1 && bound === 'at least' ? 'must not be empty' : `must be ${bound} ${limit} characters`;
  if (origin === 'array') return `must have ${bound} ${limit} item${Number(limit) === 1 ? '' : 's'}`;
  return `must be ${bound} ${limit}, got ${describe(input)}`;
}

function valueAt(data: unknown, path: ConfigPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Reflect.get(current, segment);
  }
  return current;
}

function show(value: unknown): string {
  return typeof value === 'string' ? quoted(value) : describe(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return quoted(value);
  return String(value);
}

/** A value as a JSON string, with invisible and direction-changing characters spelled out so a message cannot disguise itself. */
function quoted(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function article(expected: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'text', number: 'a number', boolean: 'true or false' };
  return names[expected] ?? expected;
}
