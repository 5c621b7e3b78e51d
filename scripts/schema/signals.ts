import { z } from 'zod';

/**
 * What a scan collects from a page for technology detection. The scan stage fills it; the
 * matcher in scripts/detect reads it. Keys are lowercased where the fingerprint format
 * compares case-insensitively (headers, meta and cookie names).
 */

export const jsValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type JsValue = z.infer<typeof jsValue>;

export const domNode = z.object({
  exists: z.boolean(),
  text: z.string().optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  properties: z.record(z.string(), jsValue).optional(),
});
export type DomNode = z.infer<typeof domNode>;

const valuesByName = z.record(z.string(), z.array(z.string()));

export const signalsSchema = z.object({
  url: z.string(),
  html: z.string().default(''),
  text: z.string().default(''),
  css: z.string().default(''),
  scriptSrc: z.array(z.string()).default([]),
  scripts: z.array(z.string()).default([]),
  meta: valuesByName.default({}),
  headers: valuesByName.default({}),
  cookies: valuesByName.default({}),
  js: z.record(z.string(), jsValue).default({}).describe('property chain → value found in the page'),
  dom: z.record(z.string(), z.array(domNode)).default({}).describe('selector → one entry per matched node'),
  xhr: z.array(z.string()).default([]).describe('hostnames the page requested'),
  certIssuer: z.string().nullable().default(null),
  robots: z.string().nullable().default(null),
  dns: valuesByName.default({}).describe('record type (TXT, MX, …) → values'),
  probes: valuesByName.default({}).describe('runtime probe id → what it read in the page (scripts/detect/probes.ts)'),
});
export type SignalsInput = z.input<typeof signalsSchema>;

/**
 * Where a version came from: a fingerprint database `pattern` (its `version` tag, or a version
 * an `implies` names), one of our `own-rule`s layered on the database, or a runtime `probe`
 * that read it from the framework running in the page.
 */
export const VERSION_SOURCES = ['pattern', 'own-rule', 'probe'] as const;
export const versionSource = z.enum(VERSION_SOURCES);
export type VersionSource = z.infer<typeof versionSource>;

/** How a version's source is shown: a short word beside the version, and what it means. */
export const VERSION_SOURCE_LABELS: Readonly<Record<VersionSource, { readonly short: string; readonly long: string }>> = {
  pattern: { short: 'pattern', long: "read by a fingerprint database pattern (the page's URLs, markup, headers or globals)" },
  'own-rule': { short: 'own rule', long: "read by one of techscan's own rules layered on the fingerprint database" },
  probe: { short: 'probe', long: 'read from the framework running in the page by a runtime probe' },
};

export const technologySchema = z.object({
  name: z.string().describe("The fingerprint database's canonical name"),
  version: z.string().nullable(),
  versionSource: versionSource.optional().describe('where the version came from; absent without a version (and in records made before it was kept)'),
  confidence: z.number().int().min(0).max(100),
  categories: z.array(z.string()),
});
export type Technology = z.infer<typeof technologySchema>;
