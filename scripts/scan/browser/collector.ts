import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { domNode, jsValue } from '../../schema/signals.ts';
import { SIGNAL_LIMITS, type CollectionPlan } from '../../detect/index.ts';
import { LIMITS } from '../limits.ts';
import { lexicalReader } from './lexical-globals.ts';

/**
 * The in-page half of signal collection (browser/in-page.js) as Node sees it: the init script
 * text, the one expression that runs the collection in a single pass, and the zod schema its
 * JSON answer must satisfy (a page can tamper with anything it returns).
 */

/** The js property chains and dom selectors the fingerprints need, as detection plans them. */
export type { CollectionPlan } from '../../detect/index.ts';

const IN_PAGE_SOURCE = readFileSync(new URL('./in-page.js', import.meta.url), 'utf8');
/** The runtime probes' in-page half; its text is part of each scan's detection rules hash. */
export const IN_PAGE_PROBES_SOURCE = readFileSync(new URL('./in-page-probes.js', import.meta.url), 'utf8');
const WEB_VITALS_SOURCE = readFileSync(join(dirname(createRequire(import.meta.url).resolve('web-vitals')), 'web-vitals.iife.js'), 'utf8');

export interface Collector {
  /** Installed with addInitScript before navigation. */
  readonly initScript: string;
  /**
   * Evaluated after load; returns the JSON text `parseCollected` reads. `lexicalNames`: the
   * page's top-level `const`/`let` bindings the plan's chains start with (lexical-globals.ts).
   */
  expression(plan: CollectionPlan, lexicalNames?: readonly string[]): string;
}

export function createCollector(): Collector {
  // A fresh name per scan, so a page cannot prepare a trap for it.
  const key = `__techscan_${randomBytes(8).toString('hex')}`;
  const initScript = IN_PAGE_SOURCE.replace('__KEY__', JSON.stringify(key))
    .replace('__WEB_VITALS__', () => WEB_VITALS_SOURCE)
    .replace('__PROBES__', () => IN_PAGE_PROBES_SOURCE)
    .replace('__MAX_SOCKETS__', String(LIMITS.maxSocketsPerDocument));
  // The matcher reads no more than these; collecting more would only cost time.
  const limits = {
    maxNodesPerSelector: SIGNAL_LIMITS.domNodes,
    maxNodeTextChars: SIGNAL_LIMITS.domTextChars,
    maxValueChars: SIGNAL_LIMITS.valueChars,
    maxHtmlChars: LIMITS.maxHtmlChars,
    maxNodes: LIMITS.maxDomNodes,
  };
  return {
    initScript,
    expression: (plan, lexicalNames = []) =>
      `window[${JSON.stringify(key)}](${JSON.stringify(plan)}, ${JSON.stringify(limits)}, ${lexicalReader(lexicalNames)})`,
  };
}

const metric = z.number().min(0).optional();

export const collectedSchema = z.object({
  js: z.record(z.string(), jsValue),
  dom: z.record(z.string(), z.array(domNode)),
  probes: z.record(z.string(), z.array(z.string())),
  timing: z.object({
    responseStart: metric,
    domContentLoaded: metric,
    load: metric,
    protocol: z.string().optional(),
    paintFcp: metric,
    layoutShiftSupported: z.boolean(),
    cpuMs: metric,
  }),
  vitals: z.object({ ttfb: metric, fcp: metric, lcp: metric, cls: metric, error: z.string().optional() }),
  /** Elements in the page; past LIMITS.maxDomNodes, `dom` and `html` are of the first ones only. */
  elements: z.number().int().min(0),
  html: z.string(),
  /** The document's readyState when read: `loading` after `load` means the page began a new document. */
  readyState: z.enum(['loading', 'interactive', 'complete']),
});
export type Collected = z.infer<typeof collectedSchema>;

/** Reads the collector's answer; the page may have broken the collector, which is then reported. */
export function parseCollected(text: unknown): Collected | string {
  if (typeof text !== 'string') return 'the page replaced the collector';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the collector returned invalid JSON';
  }
  const parsed = collectedSchema.safeParse(value);
  return parsed.success ? parsed.data : `the collector returned an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`;
}
