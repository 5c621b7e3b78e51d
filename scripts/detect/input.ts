import { signalsSchema, type DomNode, type JsValue, type SignalsInput } from '../schema/signals.ts';
import type { ContentKind, KeyedKind } from './database.ts';
import { SIGNAL_LIMITS } from './limits.ts';

/**
 * Signals as the matcher reads them: defaults applied, every value a capped string, names
 * lowercased where the format compares them case-insensitively (all but js chains and
 * selectors).
 */

export interface NodeSignal {
  readonly exists: boolean;
  /** Trimmed; absent when empty. */
  readonly text: string | undefined;
  readonly attributes: ReadonlyMap<string, string>;
  readonly properties: ReadonlyMap<string, string>;
}

export interface MatchSignals {
  readonly content: Readonly<Record<ContentKind, readonly string[]>>;
  readonly keyed: Readonly<Record<KeyedKind, ReadonlyMap<string, readonly string[]>>>;
  readonly dom: ReadonlyMap<string, readonly NodeSignal[]>;
  /** Runtime probe id → its readings (probes.ts), each capped. */
  readonly probes: ReadonlyMap<string, readonly string[]>;
}

function head(value: string, limit: number): string {
  return value.length > limit ? value.slice(0, limit) : value;
}

/** Keeps the start and the end, where pages declare their stack. */
function headAndTail(value: string, limit: number): string {
  if (value.length <= limit) return value;
  const half = Math.floor(limit / 2);
  return `${value.slice(0, half)}\n${value.slice(value.length - half)}`;
}

function one(value: string | null, limit: number): string[] {
  return value ? [head(value, limit)] : [];
}

/** Non-empty values, each capped, until `count` values or `totalLimit` characters are read. */
function list(values: readonly string[], itemLimit: number, totalLimit: number, count: number = SIGNAL_LIMITS.listItems): string[] {
  const kept: string[] = [];
  let budget = totalLimit;
  for (const value of values) {
    if (kept.length === count || budget === 0) break;
    if (value === '') continue;
    const capped = head(value, Math.min(itemLimit, budget));
    kept.push(capped);
    budget -= capped.length;
  }
  return kept;
}

/**
 * A js or DOM property value as the reference engine compared it: strings and numbers as
 * text, anything else as whether it is truthy (null is false).
 */
export function jsValueText(value: JsValue): string {
  if (typeof value === 'string') return head(value, SIGNAL_LIMITS.valueChars);
  if (typeof value === 'number') return String(value);
  return String(value === true);
}

function byName(record: Readonly<Record<string, readonly string[]>>, lowercase: boolean): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [rawName, values] of Object.entries(record)) {
    const name = lowercase ? rawName.trim().toLowerCase() : rawName.trim();
    const merged = [...(map.get(name) ?? []), ...values];
    map.set(
      name,
      merged.slice(0, SIGNAL_LIMITS.listItems).map((value) => head(value, SIGNAL_LIMITS.valueChars)),
    );
  }
  return map;
}

function node(raw: DomNode): NodeSignal {
  const text = raw.text?.trim();
  return {
    exists: raw.exists,
    text: text ? head(text, SIGNAL_LIMITS.domTextChars) : undefined,
    attributes: new Map(Object.entries(raw.attributes ?? {}).map(([name, value]) => [name, head(value, SIGNAL_LIMITS.valueChars)])),
    properties: new Map(Object.entries(raw.properties ?? {}).map(([name, value]) => [name, jsValueText(value)])),
  };
}

export function matchSignals(input: SignalsInput): MatchSignals {
  const signals = signalsSchema.parse(input);
  const limits = SIGNAL_LIMITS;
  return {
    content: {
      url: one(signals.url, limits.valueChars),
      html: signals.html ? [headAndTail(signals.html, limits.htmlChars)] : [],
      text: one(signals.text, limits.documentChars),
      css: one(signals.css, limits.documentChars),
      robots: one(signals.robots, limits.robotsChars),
      certIssuer: one(signals.certIssuer, limits.valueChars),
      scriptSrc: list(signals.scriptSrc, limits.valueChars, limits.listTotalChars),
      scripts: list(signals.scripts, limits.scriptChars, limits.scriptsTotalChars, limits.scripts),
      xhr: list(signals.xhr, limits.valueChars, limits.listTotalChars),
    },
    keyed: {
      headers: byName(signals.headers, true),
      cookies: byName(signals.cookies, true),
      meta: byName(signals.meta, true),
      dns: byName(signals.dns, true),
      js: new Map(Object.entries(signals.js).map(([chain, value]) => [chain.trim(), [jsValueText(value)]])),
    },
    dom: new Map(Object.entries(signals.dom).map(([selector, nodes]) => [selector.trim(), nodes.slice(0, limits.domNodes).map(node)])),
    probes: byName(signals.probes, false),
  };
}
