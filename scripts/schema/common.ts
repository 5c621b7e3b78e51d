import { z } from 'zod';

/** The version every record in data/ carries, unless its schema says otherwise; readers reject any other. */
export const SCHEMA_VERSION = 1;
export const schemaVersion = z.literal(SCHEMA_VERSION);

/**
 * Scan records are at version 2 (content as text blocks, performance samples); version 1
 * scans are still read.
 */
export const SCAN_SCHEMA_VERSION = 2;
export const SCAN_READABLE_VERSIONS: readonly number[] = [SCHEMA_VERSION, SCAN_SCHEMA_VERSION];

export const timestamp = z.iso.datetime().describe('ISO 8601 time in UTC');

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export const severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severity>;

export const DEPTHS = ['light', 'standard', 'deep'] as const;
export const depth = z.enum(DEPTHS);
export type Depth = z.infer<typeof depth>;

export const DIGEST_FREQUENCIES = ['immediate', 'daily', 'weekly'] as const;
export const digestFrequency = z.enum(DIGEST_FREQUENCIES);
export type DigestFrequency = z.infer<typeof digestFrequency>;

/** `<organization>/<slug>`: the monitor file's path under monitors/ without extension. */
export const MONITOR_ID_PATTERN = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;

export function severityRank(value: Severity): number {
  return SEVERITIES.indexOf(value);
}
