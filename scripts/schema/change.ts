import { z } from 'zod';
import { schemaVersion, severity, timestamp } from './common.ts';
import { PERFORMANCE_METRICS } from './monitor.ts';
import { redirectHop, scanError } from './scan.ts';

/**
 * A detected change (the original detected_changes row). The id hashes the monitor, type,
 * subject and the scan it was found in, so re-running detection never duplicates a record.
 */

const base = {
  schemaVersion,
  id: z.string(),
  monitor: z.string(),
  severity,
  detectedAt: timestamp,
  fromScan: z.string().nullable().describe('the scan compared against'),
  toScan: z.string().describe('the scan the change was found in'),
  summary: z.string().describe('one plain-text line, e.g. "React 18.2.0 → 19.0.0"'),
};

const technology = z.object({
  technology: z.string(),
  version: z.string().nullable(),
  previousVersion: z.string().nullable(),
  confidence: z.number().int(),
  categories: z.array(z.string()),
});

const performance = z.object({
  metric: z.enum(PERFORMANCE_METRICS),
  value: z.number(),
  baseline: z.number().describe('median of the recent successful scans'),
  changePercent: z.number(),
  thresholdPercent: z.number(),
  baselineScans: z.number().int(),
});

const header = z.object({
  header: z.string(),
  value: z.string().nullable(),
  previousValue: z.string().nullable(),
});

const member = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ ...base, type: z.literal(type), data });

export const changeSchema = z.discriminatedUnion('type', [
  member('technology_added', technology),
  member('technology_removed', technology.extend({ absentScans: z.number().int() })),
  member('technology_version_changed', technology),
  member('performance_degraded', performance),
  member('performance_improved', performance),
  member('security_header_added', header),
  member('security_header_removed', header),
  member('security_header_changed', header),
  member(
    'security_grade_changed',
    z.object({ grade: z.string(), previousGrade: z.string(), score: z.number(), previousScore: z.number() }),
  ),
  member(
    'infrastructure_changed',
    z.object({
      field: z.enum(['server', 'cdn', 'hosting', 'ip', 'tlsIssuer', 'httpVersion']),
      value: z.string().nullable(),
      previousValue: z.string().nullable(),
    }),
  ),
  member(
    'certificate_expiring',
    z.object({ validTo: timestamp, daysLeft: z.number().int(), issuer: z.string().nullable() }),
  ),
  member(
    'redirect_changed',
    z.object({
      redirects: z.array(redirectHop),
      previousRedirects: z.array(redirectHop),
      finalUrl: z.string().nullable(),
      previousFinalUrl: z.string().nullable(),
    }),
  ),
  member(
    'content_changed',
    z.object({
      field: z.enum(['text', 'title', 'description', 'headings', 'canonical']),
      changedPercent: z.number().describe('share of the compared text that changed'),
      before: z.string().describe('short excerpt; untrusted text from the site'),
      after: z.string().describe('short excerpt; untrusted text from the site'),
    }),
  ),
  member(
    'site_down',
    z.object({ failures: z.number().int(), since: timestamp, error: scanError }),
  ),
  member('site_recovered', z.object({ downSince: timestamp, failures: z.number().int() })),
]);
export type Change = z.infer<typeof changeSchema>;
export type ChangeOf<T extends Change['type']> = Extract<Change, { type: T }>;
