import { describe, expect, it } from 'vitest';
import { firstHeader, headerValues, mergeHeaderLines } from '../../../scripts/scan/security/wire.ts';

describe('header lines merged as Node and axios give them to the Observatory', () => {
  it.each([
    ['one line', [['X-Frame-Options', 'DENY']], 'x-frame-options', ['DENY']],
    [
      'repeated lines joined with ", "',
      [
        ['Strict-Transport-Security', 'max-age=1'],
        ['strict-transport-security', 'max-age=2'],
      ],
      'strict-transport-security',
      ['max-age=1, max-age=2'],
    ],
    [
      'an empty last line leaves a trailing comma',
      [
        ['Content-Security-Policy', "default-src 'self'"],
        ['Content-Security-Policy', ''],
      ],
      'content-security-policy',
      ["default-src 'self',"],
    ],
    [
      'an empty first line leaves a leading comma',
      [
        ['Content-Security-Policy', ''],
        ['Content-Security-Policy', "default-src 'self'"],
      ],
      'content-security-policy',
      [", default-src 'self'"],
    ],
    [
      'Set-Cookie stays a list',
      [
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ],
      'set-cookie',
      ['a=1', 'b=2'],
    ],
    [
      'Content-Type keeps its first line',
      [
        ['Content-Type', 'text/html'],
        ['Content-Type', 'application/json'],
      ],
      'content-type',
      ['text/html'],
    ],
    ['values are trimmed', [['Referrer-Policy', '  no-referrer  ']], 'referrer-policy', ['no-referrer']],
    ['absent', [], 'x-frame-options', []],
  ] as const)('%s', (_name, lines, name, expected) => {
    expect(headerValues(mergeHeaderLines(lines), name)).toEqual(expected);
  });

  it('gives the first value, or null', () => {
    const headers = mergeHeaderLines([
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ]);
    expect(firstHeader(headers, 'set-cookie')).toBe('a=1');
    expect(firstHeader(headers, 'x-frame-options')).toBeNull();
  });
});
