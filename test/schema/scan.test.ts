import { describe, expect, it } from 'vitest';
import { scanResultSchema } from '../../scripts/schema/scan.ts';
import { scan } from '../helpers/records.ts';

describe('scan records', () => {
  it('read a security report graded before the algorithm was recorded, and one that says algorithm 6', () => {
    const old = scan();
    expect(old.security?.algorithm).toBeUndefined();
    expect(scanResultSchema.parse(old).security).toEqual(old.security);
    const graded = { ...old, security: old.security && { ...old.security, algorithm: 6 } };
    expect(scanResultSchema.parse(graded).security?.algorithm).toBe(6);
  });
});
