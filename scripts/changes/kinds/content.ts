import { z } from 'zod';
import type { Monitor } from '../../schema/monitor.ts';
import type { ScanResult } from '../../schema/scan.ts';
import { maskVolatile } from '../../shared/volatile-text.ts';
import { comparableScans } from '../scans.ts';
import { settledTransition, type Transition } from '../settle.ts';
import { changedPercent, excerpts, words } from '../similarity.ts';
import { roundPercent } from '../../shared/statistics.ts';
import { oneLine, plural, quoted } from '../../shared/wording.ts';
import { defineFamily, defineKind, type DetectionContext, type Finding } from './kind.ts';

/**
 * Visible text, title, meta description, headings and canonical URL. The text is compared as
 * blocks (the scan hashes each block's text with volatile tokens — times, ids, counters —
 * masked), and every block, heading and field follows the settle rule: new text is reported
 * once it has held for `confirmScans` scans and only when it was not seen in the `recentScans`
 * before (a rotating promo or an A/B headline is a known state), text is reported gone after
 * `removalAfterScans` scans without it, and a block the scan saw differ between two loads of
 * the page is volatile, never news. Excerpts keep the page's own wording.
 */

const FIELDS = ['text', 'title', 'description', 'headings', 'canonical'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_LABELS: Readonly<Record<Field, string>> = {
  text: 'Page text',
  title: 'Title',
  description: 'Meta description',
  headings: 'Headings',
  canonical: 'Canonical URL',
};
const EXCERPT_CHARS = 200;
/** Block pairs kept in one record: enough to say what changed, bounded for a page rewrite. */
const MAX_BLOCKS_KEPT = 5;
const PRESENT = 'present';
const ABSENT = 'absent';
const BOTH = [PRESENT, ABSENT] as const;

const blockChange = z.object({
  before: z.string().nullable().describe('the block as it read; null for added text'),
  after: z.string().nullable().describe('the block as it reads now; null for removed text'),
});

export const contentChanged = defineKind({
  type: 'content_changed',
  label: 'Content changed',
  data: z.object({
    field: z.enum(FIELDS),
    changedPercent: z.number().describe('share of the compared text that changed (of its blocks, for the page text)'),
    before: z.string().describe('short excerpt; untrusted text from the site'),
    after: z.string().describe('short excerpt; untrusted text from the site'),
    blocks: z.array(blockChange).optional().describe('the changed blocks, before and after, in page order (at most 5)'),
  }),
  subject: (data) => data.field,
  severity: [
    { severity: 'medium', when: 'title or canonical URL', applies: (data) => data.field === 'title' || data.field === 'canonical' },
    { severity: 'medium', when: 'page text, 30% or more of it', applies: (data) => data.field === 'text' && data.changedPercent >= 30 },
    { severity: 'low', when: 'smaller text, headings or description changes' },
  ],
  details: (data) => [
    { label: 'Field', value: FIELD_LABELS[data.field] },
    { label: 'Changed', value: `${data.changedPercent.toFixed(1)}%` },
    ...(data.blocks && data.blocks.length > 1
      ? data.blocks.flatMap((block, index) => [
          { label: `Before (${index + 1})`, value: block.before ?? '(new text)', brief: index < 2, excerpt: block.before !== null },
          { label: `After (${index + 1})`, value: block.after ?? '(removed)', brief: index < 2, excerpt: block.after !== null },
        ])
      : [
          { label: 'Before', value: data.before, brief: true, excerpt: true },
          { label: 'After', value: data.after, brief: true, excerpt: true },
        ]),
  ],
});

export const content = defineFamily({ name: 'content', kinds: [contentChanged], detect: contentChanges });

type ContentData = z.infer<typeof contentChanged.data>;

function contentChanges(context: DetectionContext): Finding[] {
  const { monitor, earlier, scan } = context;
  const current = scan.content;
  if (!monitor.scan.track.content || !current?.blocks) return [];
  // Only scans whose blocks were hashed with the same masking compare; older ones are another baseline.
  const series = [
    ...comparableScans(earlier, scan, {
      fingerprints: false,
      also: (entry) => entry.content?.blocks !== undefined && entry.content.masking === current.masking,
    }),
    scan,
  ];
  if (series.length < 2) return [];
  const patterns = monitor.scan.ignore.patterns.map((pattern) => new RegExp(pattern, 'giu'));
  const findings: Finding[] = [];
  const add = (data: ContentData, summary: string, from: ScanResult) => findings.push(contentChanged.finding({ fromScan: from.id, summary, data }));

  const text = blockChanges(context, series);
  if (text) add(text.data, text.summary, text.from);

  for (const field of ['title', 'description'] as const) {
    const transition = fieldTransition(series, monitor, (entry) => cleaned(entry.content?.[field] ?? null, patterns));
    if (!transition) continue;
    const before = cleaned(transition.from.content?.[field] ?? null, patterns);
    const after = cleaned(transition.to.content?.[field] ?? null, patterns);
    const summary = field === 'title' ? `Title changed: ${quoted(before)} → ${quoted(after)}` : 'Meta description changed';
    add({ field, ...fieldChange(before, after) }, summary, transition.from);
  }

  const canonical = fieldTransition(series, monitor, (entry) => canonicalUrl(entry.content?.canonical ?? null));
  if (canonical) {
    const before = canonicalUrl(canonical.from.content?.canonical ?? null);
    const after = canonicalUrl(canonical.to.content?.canonical ?? null);
    add({ field: 'canonical', ...fieldChange(before, after), changedPercent: 100 }, `Canonical URL ${before ?? 'none'} → ${after ?? 'none'}`, canonical.from);
  }

  const headings = headingChanges(series, monitor);
  if (headings) add(headings.data, headings.summary, headings.from);
  return findings;
}

/** One value per scan (title, description, canonical), its masked form as the key. */
function fieldTransition(series: readonly ScanResult[], monitor: Monitor, valueOf: (entry: ScanResult) => string | null): Transition<ScanResult> | null {
  return settledTransition(series, (entry) => maskVolatile(valueOf(entry) ?? ''), {
    confirmations: () => monitor.changes.confirmScans,
    recent: monitor.changes.recentScans,
  });
}

interface Presence {
  /** Keys that became present, in the order of the last scan. */
  readonly added: string[];
  /** Keys that became absent, in the order of the scan before their absence. */
  readonly removed: string[];
  /** The scan the change is measured against: the newest one that still had the old text. */
  readonly from: ScanResult;
}

/**
 * Which keys (block hashes, masked headings) appeared or disappeared under the settle rule,
 * each key's presence read as its own series.
 */
function presenceChanges(
  series: readonly ScanResult[],
  monitor: Monitor,
  keysOf: (entry: ScanResult) => readonly string[],
  volatileOf: (entry: ScanResult) => readonly string[],
): Presence | null {
  const sets = series.map((entry) => new Set(keysOf(entry)));
  const volatile = series.map((entry) => new Set(volatileOf(entry)));
  const all = new Set(sets.flatMap((set) => [...set]));
  const added: string[] = [];
  const removed: string[] = [];
  let from: ScanResult | null = null;
  for (const key of all) {
    // A key in every scan never changed presence.
    if (sets.every((set) => set.has(key))) continue;
    // One count for both ways, so an edited block's old and new text are reported together.
    const transition = settledTransition(series, (_entry, index) => (sets[index]?.has(key) ? PRESENT : ABSENT), {
      confirmations: () => monitor.changes.confirmScans,
      recent: monitor.changes.recentScans,
      alsoSeen: (index) => (volatile[index]?.has(key) ? BOTH : []),
    });
    if (!transition) continue;
    const present = sets.at(-1)?.has(key) ?? false;
    if (!present && replacedByVolatileText(key, transition.from, series.slice(-transition.held), keysOf)) continue;
    const before = series.slice(Math.max(0, series.length - transition.held - monitor.changes.recentScans), series.length - transition.held);
    if (present && inRotatingPlace(key, series.at(-1) ?? transition.to, before, keysOf, volatileOf)) continue;
    (present ? added : removed).push(key);
    if (from === null || transition.from.scannedAt > from.scannedAt) from = transition.from;
  }
  if (from === null) return null;
  const last = keysOf(series.at(-1) ?? from);
  const before = keysOf(from);
  // An edit reads as one: the text the new text took the place of is gone with it, even when
  // that text's absence alone is a known state (it was absent before it first appeared).
  for (const key of added) {
    const position = last.indexOf(key);
    const place = placeBetween(before, last[position - 1], last[position + 1]) ?? [];
    for (const old of place) if (!last.includes(old) && !removed.includes(old)) removed.push(old);
  }
  added.sort((a, b) => last.indexOf(a) - last.indexOf(b));
  removed.sort((a, b) => before.indexOf(a) - before.indexOf(b));
  return { added, removed, from };
}

/**
 * Whether a vanished key's place is taken by text that differs from scan to scan (a counter, a
 * clock, a rotating line the other loads did not show): then the old text is gone because that
 * part of the page varies, not because the page changed. Its place is between the keys around it.
 */
function replacedByVolatileText(key: string, from: ScanResult, run: readonly ScanResult[], keysOf: (entry: ScanResult) => readonly string[]): boolean {
  const before = keysOf(from);
  const position = before.indexOf(key);
  const previous = before[position - 1];
  const next = before[position + 1];
  const places = run.map((entry) => placeBetween(keysOf(entry), previous, next)?.join(' ') ?? null);
  if (places.some((place) => place === null || place === '')) return false;
  return new Set(places).size > 1;
}

/**
 * Whether a new key stands where the page rotates text: between the same neighbours, the scans
 * before its run showed text another load of the same scan did not show, or came back to text
 * they had shown before something else. A promo or testimonial slot that rotates through
 * variants shows one not seen yet; that is the slot's noise. New text where the page had the
 * same text every time, or none, or text that was edited and never went back, is news.
 */
function inRotatingPlace(
  key: string,
  last: ScanResult,
  before: readonly ScanResult[],
  keysOf: (entry: ScanResult) => readonly string[],
  volatileOf: (entry: ScanResult) => readonly string[],
): boolean {
  const keys = keysOf(last);
  const position = keys.indexOf(key);
  const places = before.map((entry) => placeBetween(keysOf(entry), keys[position - 1], keys[position + 1]));
  // Neighbours an earlier scan did not have: where the key stands cannot be compared.
  if (places.length === 0 || places.some((place) => place === null)) return false;
  const shownOnce = before.some((entry, index) => {
    const volatile = new Set(volatileOf(entry));
    return (places[index] ?? []).some((other) => volatile.has(other));
  });
  return shownOnce || comesBack(places.map((place) => (place ?? []).join(' ')));
}

/** Whether a value recurs after a different one (A, B, A), empty places aside. */
function comesBack(values: readonly string[]): boolean {
  const left = new Set<string>();
  let current: string | null = null;
  for (const value of values) {
    if (value === '' || value === current) continue;
    if (left.has(value)) return true;
    if (current !== null) left.add(current);
    current = value;
  }
  return false;
}

/** The keys between two neighbours (undefined: the page's start or end), or null when a neighbour is missing. */
function placeBetween(keys: readonly string[], previous: string | undefined, next: string | undefined): readonly string[] | null {
  const start = previous === undefined ? 0 : keys.indexOf(previous) + 1;
  const end = next === undefined ? keys.length : keys.indexOf(next);
  if (start === 0 && previous !== undefined) return null;
  if (end < start) return null;
  return keys.slice(start, end);
}

function blockChanges(context: DetectionContext, series: readonly ScanResult[]) {
  const change = presenceChanges(
    series,
    context.monitor,
    (entry) => entry.content?.blocks ?? [],
    (entry) => entry.content?.volatile ?? [],
  );
  if (!change) return null;
  const { added, removed, from } = change;
  const text = (hash: string) => context.blockTexts(hash) ?? '(wording not kept)';
  const pairs = added.length === removed.length ? added.map((hash, index) => ({ before: removed[index] ?? null, after: hash })) : null;
  const blocks = (pairs ?? [...removed.map((hash) => ({ before: hash, after: null })), ...added.map((hash) => ({ before: null, after: hash }))])
    .slice(0, MAX_BLOCKS_KEPT)
    .map((pair) => blockExcerpts(pair.before === null ? null : text(pair.before), pair.after === null ? null : text(pair.after)));
  const total = (from.content?.blocks?.length ?? 0) + (context.scan.content?.blocks?.length ?? 0);
  const data: ContentData = {
    field: 'text',
    changedPercent: roundPercent((100 * (added.length + removed.length)) / Math.max(1, total)),
    before: joined(removed.map(text)),
    after: joined(added.map(text)),
    blocks,
  };
  return { data, from, summary: textSummary(added.length, removed.length, blocks, data.changedPercent) };
}

function textSummary(added: number, removed: number, blocks: readonly { before: string | null; after: string | null }[], percent: number): string {
  const [first] = blocks;
  if (blocks.length === 1 && first) {
    if (first.before !== null && first.after !== null) return `Text changed: ${quoted(first.before)} → ${quoted(first.after)}`;
    if (first.after !== null) return `Text added: ${quoted(first.after, 100)}`;
    if (first.before !== null) return `Text removed: ${quoted(first.before, 100)}`;
  }
  const parts = [added > 0 ? `${plural(added, 'block')} added` : null, removed > 0 ? `${removed} removed` : null].filter((part) => part !== null);
  return `Page text changed: ${parts.join(', ')} (about ${Math.max(1, Math.round(percent))}% of the page)`;
}

/** For an edited block, the part that changed with a few words around it; otherwise the block. */
function blockExcerpts(before: string | null, after: string | null): { before: string | null; after: string | null } {
  if (before !== null && after !== null) return excerpts(words(before), words(after));
  return { before: before === null ? null : oneLine(before, EXCERPT_CHARS), after: after === null ? null : oneLine(after, EXCERPT_CHARS) };
}

function joined(texts: readonly string[]): string {
  return oneLine(texts.join(' · '), EXCERPT_CHARS);
}

function headingChanges(series: readonly ScanResult[], monitor: Monitor) {
  const headingKeys = (entry: ScanResult) => (entry.content?.headings ?? []).map((heading) => `h${heading.level} ${maskVolatile(heading.text)}`);
  const change = presenceChanges(series, monitor, headingKeys, () => []);
  if (!change) return null;
  const { added, removed, from } = change;
  const shown = (key: string) => key.slice(3);
  const parts = [...added.map((key) => `+${quoted(shown(key), 40)}`), ...removed.map((key) => `−${quoted(shown(key), 40)}`)];
  const total = headingKeys(from).length + headingKeys(series.at(-1) ?? from).length;
  return {
    from,
    summary: oneLine(`Headings changed: ${parts.join(', ')}`, 160),
    data: {
      field: 'headings' as const,
      changedPercent: roundPercent((100 * (added.length + removed.length)) / Math.max(1, total)),
      before: oneLine(removed.map(shown).join(' | '), EXCERPT_CHARS),
      after: oneLine(added.map(shown).join(' | '), EXCERPT_CHARS),
    },
  };
}

function fieldChange(before: string | null, after: string | null) {
  return {
    changedPercent: roundPercent(changedPercent(words(before ?? ''), words(after ?? ''))),
    before: oneLine(before ?? '', EXCERPT_CHARS),
    after: oneLine(after ?? '', EXCERPT_CHARS),
  };
}

function cleaned(value: string | null, patterns: readonly RegExp[]): string | null {
  if (value === null) return null;
  const result = patterns
    .reduce((text, pattern) => text.replace(pattern, ' '), value)
    .replace(/\s+/g, ' ')
    .trim();
  return result === '' ? null : result;
}

/** Host case, a default port and the fragment do not make another canonical URL. */
function canonicalUrl(value: string | null): string | null {
  if (value === null || value.trim() === '') return null;
  if (!URL.canParse(value.trim())) return value.trim();
  const url = new URL(value.trim());
  url.hash = '';
  return url.href;
}

/**
 * The block wordings worth keeping beside the history after a scan: those of the blocks the
 * given recent scans (the detection window, the new scan included) still name. Older ones can
 * never appear in an excerpt again.
 */
export function blockTextsToKeep(texts: Readonly<Record<string, string>>, recent: readonly ScanResult[]): Record<string, string> {
  const named = new Set(recent.flatMap((entry) => [...(entry.content?.blocks ?? []), ...(entry.content?.volatile ?? [])]));
  return Object.fromEntries(
    Object.entries(texts)
      .filter(([hash]) => named.has(hash))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
