import { describe, expect, it } from 'vitest';
import { blockHash, maskVolatile } from '../../scripts/shared/volatile-text.ts';

describe('maskVolatile', () => {
  it.each([
    ['an ISO time and a render duration', 'Rendered at 2026-12-06T18:47:45.123Z in 41 ms', 'Rendered at ‹date› in ‹duration›'],
    ['a UUID', 'Request 7f3a9c2e-1b2c-4d5e-8f90-a1b2c3d4e5f6', 'Request ‹id›'],
    ['a hex id', 'Request ID: a81f9c03be77', 'Request ID: ‹id›'],
    ['a base64 token', 'session=ZXhhbXBsZS10b2tlbi12YWx1ZQ==', 'session=‹id›'],
    ['a mixed token', 'csrf token: 9sK2mQ8xLp4vR7tZ', 'csrf token: ‹id›'],
    ['a relative time', 'Updated 5 minutes ago', 'Updated ‹when›'],
    ['a date and time in words', 'Posted on December 6, 2026 at 6:47 PM', 'Posted on ‹date› at ‹time›'],
    ['an HTTP date', 'Last deploy: Mon, 06 Dec 2026 18:47:45 GMT', 'Last deploy: ‹date› ‹time›'],
    ['a numeric date', 'Valid until 06/12/2026', 'Valid until ‹date›'],
    ['seconds with decimals', 'Page generated in 0.041s.', 'Page generated ‹duration›.'],
    ['a large counter', '1,284 teams signed up today', '‹n› teams signed up ‹when›'],
    ['a year', '© 2026 Acme Inc.', '© ‹n› Acme Inc.'],
    ['whitespace', '  two   spaces\n\tand a tab ', 'two spaces and a tab'],
  ])('masks %s', (_case, text, masked) => {
    expect(maskVolatile(text)).toBe(masked);
  });

  it.each([
    ['a price', 'Team costs 12 euros per person'],
    ['a large price', 'Pricing from $1,299 per year'],
    ['a version', 'Version 3.7.1 released'],
    ['a model name', 'Samsung Galaxy S24 Ultra'],
    ['a small count', 'Visitors online: 37'],
  ])('keeps %s', (_case, text) => {
    expect(maskVolatile(text)).toBe(text);
  });

  it('gives a block the same hash whatever its volatile tokens, another for other words', () => {
    expect(blockHash('Rendered at 10:01 in 12 ms')).toBe(blockHash('Rendered at 11:47 in 98 ms'));
    expect(blockHash('Starter is free for three people.')).not.toBe(blockHash('Starter is free for five people.'));
    expect(blockHash('x')).toMatch(/^[0-9a-f]{8}$/);
  });
});
