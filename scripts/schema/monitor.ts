import { z } from 'zod';
import { changeType } from './change-types.ts';
import { depth, digestFrequency, severity } from './common.ts';

/**
 * The monitor file as people write it: strict (unknown keys are typos), every section optional
 * with defaults, so `name`, `url` and `schedule` make a complete monitor. Rules that need more
 * than one field or file (cron, time zone, duplicate URLs) live in scripts/monitors/rules.ts.
 */

export { PERFORMANCE_METRICS, type PerformanceMetric } from './metrics.ts';

/**
 * Text that ends up in pages, mail and HTTP requests: no control characters (CR/LF would split a
 * header), no invisible bidi overrides (they make a name read as another).
 */
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]*$/u;
const CONTROL_MESSAGE = 'must not contain control characters (line breaks, tabs, NUL, bidi overrides)';
const plainText = () => z.string().regex(NO_CONTROL_CHARACTERS, CONTROL_MESSAGE);
const MAX_URL_CHARS = 2048;

const httpUrl = z
  .string()
  .trim()
  .max(MAX_URL_CHARS)
  .pipe(z.url({ protocol: /^https?$/, error: 'is not an http(s) URL', abort: true }))
  // The URL parser drops CR, LF and tabs silently; refused here so what is checked is what is written.
  .refine((url) => /^[^\s\p{Cc}]*$/u.test(url), 'must not contain spaces or control characters')
  .refine((url) => !/^[a-z]+:\/\/[^/?#]*@/i.test(url), 'must not carry a user name or password (they would be recorded and published)')
  .describe('An http:// or https:// URL');

const tag = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'is not a tag: use lowercase letters, digits and hyphens')
  .max(40)
  .describe('A lowercase tag');

const trackSettings = z
  .strictObject({
    technologies: z.boolean().default(true).describe('Detect the technology stack'),
    performance: z.boolean().default(true).describe('Measure load performance and Core Web Vitals'),
    security: z.boolean().default(true).describe('Grade the security headers'),
    content: z.boolean().default(true).describe('Track the visible text, title and headings'),
  })
  .describe('What the scan records');

const ignoreSettings = z
  .strictObject({
    selectors: z.array(plainText().min(1).max(500)).max(50).default([]).describe('CSS selectors whose text is left out of content tracking (e.g. ".promo")'),
    patterns: z
      .array(plainText().min(1).max(500))
      .max(50)
      .default([])
      .describe('Regular expressions removed from the visible text before comparing (e.g. "\\\\d+ left in stock")'),
  })
  .describe('Content that changes on every visit and must not count as a change');

export const scanSettings = z
  .strictObject({
    depth: depth
      .default('standard')
      .describe('light: HTTP only, no browser; standard: headless Chromium; deep: standard plus a few same-site pages and a screenshot'),
    track: trackSettings.prefault({}),
    timeoutSeconds: z.number().int().min(5).max(600).default(60).describe('Upper bound for the whole scan'),
    documentTimeoutSeconds: z
      .number()
      .int()
      .min(2)
      .max(600)
      .default(15)
      .describe(
        'How long the page may take to load in the browser (at most timeoutSeconds). A page that has not loaded by then, or whose scripts never stop, is scanned from its HTTP response and recorded as partial; one that sent no response fails with timeout',
      ),
    retries: z.number().int().min(0).max(5).default(2).describe('Retries within a run for transient failures (timeouts, resets, 5xx)'),
    maxPages: z.number().int().min(1).max(20).default(5).describe('deep depth: same-site pages visited, the home page included'),
    ignore: ignoreSettings.prefault({}),
  })
  .describe('How the site is scanned');

export const alertSettings = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Queue alerts for this monitor'),
    triggers: z.array(changeType).min(1).optional().describe('Change types that alert; all types when left out'),
    minSeverity: severity.default('medium').describe('Lowest severity that alerts'),
    recipients: z
      .array(z.email({ error: 'is not an email address' }))
      .max(100)
      .default([])
      .describe('Who receives the digest'),
    digest: digestFrequency.default('daily').describe('immediate: after each run; daily/weekly: at the hour set in monitors/_settings.yaml'),
    performanceThresholdPercent: z
      .number()
      .min(1)
      .max(1000)
      .default(20)
      .describe('A performance metric must move by more than this percent against its baseline'),
    webhook: httpUrl.optional().describe('POST each alert as JSON here (Slack incoming webhooks work)'),
    githubIssue: z.boolean().default(false).describe('Open a GitHub issue for each high-severity change'),
    landscape: z
      .boolean()
      .default(false)
      .describe(
        "Weekly digests to this monitor's recipients also carry the landscape summary: the last 30 days' movers and technology adoption shifts across every monitor (needs digest: weekly)",
      ),
  })
  .describe('Who hears about changes, and when');

const performanceFloors = z
  .strictObject({
    ttfbMs: z.number().min(0).default(100).describe('Time to first byte, milliseconds'),
    fcpMs: z.number().min(0).default(200).describe('First Contentful Paint, milliseconds'),
    lcpMs: z.number().min(0).default(300).describe('Largest Contentful Paint, milliseconds'),
    cls: z.number().min(0).default(0.1).describe('Cumulative Layout Shift, unitless (0.1 is where Google calls it good)'),
    transferBytes: z.number().min(0).default(51_200).describe('Bytes transferred for the page and its resources'),
  })
  .describe('Smallest absolute movement per metric that can count as a change');

/** A key that no longer means anything: any value is refused with a message saying what replaced it. */
const retired = (message: string) => z.never({ error: message }).optional().describe(`Retired: ${message}`);

export const changeSettings = z
  .strictObject({
    confidenceFloor: z.number().int().min(0).max(100).default(50).describe('Technologies detected with less confidence are ignored'),
    confirmScans: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(2)
      .describe(
        'Scans in a row a new value (technology, header, grade, infrastructure, redirect, text) must hold for before it is reported; 1 reports it at once',
      ),
    removalAfterScans: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(2)
      .describe('Scans in a row a technology, security header or text block must be missing from before it is reported removed'),
    recentScans: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(20)
      .describe('A value seen in any of this many scans before it is known, not new: rotating promos, A/B variants and reverts stay quiet'),
    downAfterFailures: z.number().int().min(1).max(20).default(2).describe('Consecutive failed scans before the site is reported down'),
    performance: z
      .strictObject({
        baselineScans: z
          .number()
          .int()
          .min(1)
          .max(50)
          .default(5)
          .describe("The reference is the samples of this many recent scans at the metric's settled level"),
        confirmScans: z.number().int().min(1).max(20).default(2).describe('Decided scans in a row a performance shift must hold for before it is reported'),
        noiseDeviations: z
          .number()
          .min(0)
          .max(20)
          .default(3)
          .describe("A shift must also exceed this many median absolute deviations of the reference's samples (the site's usual noise); 0 turns this off"),
        floors: performanceFloors.prefault({}),
      })
      .prefault({})
      .describe('Performance is judged from several samples per scan against a reference, not from the previous scan'),
    content: z
      .strictObject({
        minChangedPercent: retired(
          'content is compared block by block against the states each block had in recent scans (changes.recentScans), so a share of changed text no longer applies; remove this key',
        ),
      })
      .prefault({})
      .describe('Visible text, title and headings follow confirmScans and recentScans like every other value'),
    certificateExpiryDays: z.number().int().min(1).max(365).default(14).describe('Warn when the TLS certificate expires within this many days'),
    severity: z.partialRecord(changeType, severity).default({}).describe('Severity overrides per change type'),
  })
  .describe('Noise controls for change detection');

export const monitorFields = {
  name: plainText().trim().min(1).max(120).describe('Display name of the monitored site'),
  url: httpUrl.describe('The page to scan'),
  schedule: z.string().trim().min(1).max(200).describe('When to scan: a 5-field cron expression ("0 */6 * * *") or @hourly, @daily, @weekly'),
  timezone: z.string().max(64).default('UTC').describe('IANA time zone the schedule is read in'),
  enabled: z.boolean().default(true).describe('Disabled monitors are validated but never scanned'),
  description: plainText().max(500).optional().describe('A line about who this competitor is'),
  tags: z.array(tag).max(50).default([]).describe('Labels for filtering on the site'),
  self: z
    .boolean()
    .default(false)
    .describe("This is your organization's own site: the compare page shows it as the reference column and highlights how competitors differ from it"),
  scan: scanSettings.prefault({}),
  alerts: alertSettings.prefault({}),
  changes: changeSettings.prefault({}),
};

export const monitorFileSchema = z.strictObject(monitorFields).describe('A TechScan monitor: one competitor page');
export type MonitorFile = z.infer<typeof monitorFileSchema>;

/** `_defaults.yaml`: any monitor field except the identity of the site. */
export const defaultsFileSchema = z
  .strictObject({
    schedule: monitorFields.schedule.optional(),
    timezone: z
      .string()
      .optional()
      .describe(monitorFields.timezone.description ?? ''),
    enabled: z.boolean().optional(),
    tags: z.array(tag).optional(),
    scan: scanSettings.optional(),
    alerts: alertSettings.optional(),
    changes: changeSettings.optional(),
  })
  .describe('Organization defaults, merged under every monitor in the folder');

/** Retention window bounds: at least a month (compaction works on whole months), at most ten years. */
const MIN_FULL_SCANS_DAYS = 31;
const MAX_FULL_SCANS_DAYS = 3660;
const DEFAULT_FULL_SCANS_DAYS = 90;

export const settingsFileSchema = z
  .strictObject({
    allowPrivateNetworks: z
      .boolean()
      .default(false)
      .describe(
        'Let scans reach loopback, private, link-local and cloud metadata addresses (intranet monitoring). Off: such addresses are refused, in configs and on every connection; a pull request that changes this is annotated, and the pull-request preview always keeps the guard on',
      ),
    site: z
      .strictObject({
        url: httpUrl.optional().describe('Where the site is published; defaults to the GitHub Pages URL of the repository'),
        repository: z
          .string()
          .regex(/^[\w.-]+\/[\w.-]+$/, 'is not an owner/name repository')
          .optional()
          .describe('GitHub repository (owner/name) for "edit" and "scan now" links; defaults to $GITHUB_REPOSITORY'),
      })
      .prefault({})
      .describe('The published site'),
    digests: z
      .strictObject({
        hour: z.number().int().min(0).max(23).default(8).describe('Hour daily and weekly digests go out'),
        weekday: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']).default('monday').describe('Day weekly digests go out'),
        timezone: z.string().default('UTC').describe('Time zone of hour and weekday'),
      })
      .prefault({})
      .describe('When daily and weekly digests are sent'),
    retention: z
      .strictObject({
        fullScansDays: z
          .number()
          .int()
          .min(MIN_FULL_SCANS_DAYS)
          .max(MAX_FULL_SCANS_DAYS)
          .default(DEFAULT_FULL_SCANS_DAYS)
          .describe(
            "Days of full scan summaries and job records to keep; `compact` rolls whole months older than this into per-day history (a monitor's newest scans that change detection reads always stay full)",
          ),
      })
      .prefault({})
      .describe('How long full history is kept (the monthly compact workflow)'),
    mail: z
      .strictObject({
        from: plainText().max(320).optional().describe('Sender, e.g. "TechScan <techscan@example.com>"; $MAIL_FROM overrides'),
      })
      .prefault({})
      .describe('Email'),
    fanOut: z
      .strictObject({
        targetShardMinutes: z
          .number()
          .int()
          .min(1)
          .max(300)
          .default(20)
          .describe("How long one scanning job should run; past it, the due monitors are split into this many minutes' shares"),
        maxShards: z.number().int().min(1).max(256).default(10).describe('At most this many scanning jobs in parallel (1: never fan out)'),
      })
      .prefault({})
      .describe("Splitting a run's scans across parallel jobs (GitHub Actions matrix)"),
  })
  .describe('Repository-wide settings');
export type Settings = z.infer<typeof settingsFileSchema>;

/** A loaded monitor: the validated file plus where it came from. */
export const monitorSchema = monitorFileSchema.extend({
  alerts: alertSettings.extend({ triggers: z.array(changeType).describe('Change types that alert') }),
  id: z.string(),
  organization: z.string(),
  slug: z.string(),
  file: z.string().describe('Path relative to the repository, for messages and "edit" links'),
  rulesHash: z.string().describe('Hash of the settings that shape scan results; a change re-baselines'),
});
export type Monitor = z.infer<typeof monitorSchema>;
export type ScanSettings = z.infer<typeof scanSettings>;
