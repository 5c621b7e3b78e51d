import type { ChangeOf } from '../schema/change.ts';
import type { Monitor } from '../schema/monitor.ts';
import type { Content } from '../schema/scan.ts';
import type { DetectionContext, Finding } from './finding.ts';
import { comparableScans, isUsable } from './scans.ts';
import { changedPercent, excerpts, words } from './similarity.ts';
import { oneLine, quoted, roundPercent } from './wording.ts';

/**
 * Visible text, title, meta description, headings and canonical URL, each compared with the
 * previous comparable scan. The scan has already removed the monitor's ignore selectors and
 * patterns from the text and headings; the patterns are applied to title and description
 * here too. Text and headings changes count only when at least `content.minChangedPercent` of
 * them changed, so timestamps, counters and CSRF tokens in the page never alarm.
 */

type Field = ChangeOf<'content_changed'>['data']['field'];
const EXCERPT_CHARS = 200;

export function contentChanges(context: DetectionContext): Finding[] {
  const { monitor, earlier, scan } = context;
  const content = scan.content;
  if (!monitor.scan.track.content || !content) return [];
  const previousUsable = earlier.findLast(isUsable);
  const previous = comparableScans(earlier, scan, { fingerprints: false }).at(-1);
  // The stored text belongs to the previous usable scan: it is only comparable if that scan is.
  if (!previous || previous !== previousUsable || !previous.content) return [];
  const before = previous.content;
  const patterns = compilePatterns(monitor);
  const findings: Finding[] = [];
  const add = (field: Field, summary: string, data: Omit<ChangeOf<'content_changed'>['data'], 'field'>) =>
    findings.push({ subject: field, body: { type: 'content_changed', fromScan: previous.id, summary, data: { field, ...data } } });

  const text = textChange(context, before, content, monitor);
  if (text) add('text', `Page text changed (about ${Math.max(1, Math.round(text.changedPercent))}% of it)`, text);

  const titleBefore = cleaned(before.title, patterns);
  const titleAfter = cleaned(content.title, patterns);
  if (titleBefore !== titleAfter) add('title', `Title changed: ${quoted(titleBefore)} → ${quoted(titleAfter)}`, fieldChange(titleBefore, titleAfter));

  const descriptionBefore = cleaned(before.description, patterns);
  const descriptionAfter = cleaned(content.description, patterns);
  if (descriptionBefore !== descriptionAfter) add('description', 'Meta description changed', fieldChange(descriptionBefore, descriptionAfter));

  const canonicalBefore = canonicalUrl(before.canonical);
  const canonicalAfter = canonicalUrl(content.canonical);
  if (canonicalBefore !== canonicalAfter) {
    add('canonical', `Canonical URL ${canonicalBefore ?? 'none'} → ${canonicalAfter ?? 'none'}`, {
      ...fieldChange(canonicalBefore, canonicalAfter),
      changedPercent: 100,
    });
  }

  const headings = headingsChange(before, content, monitor.changes.content.minChangedPercent);
  if (headings) add('headings', headings.summary, headings.data);
  return findings;
}

function textChange(context: DetectionContext, before: Content, after: Content, monitor: Monitor) {
  if (before.textHash === after.textHash || context.previousText === null || context.text === null) return null;
  const a = words(context.previousText);
  const b = words(context.text);
  const percent = changedPercent(a, b);
  if (percent < monitor.changes.content.minChangedPercent || percent === 0) return null;
  return { changedPercent: roundPercent(percent), ...excerpts(a, b) };
}

function headingsChange(before: Content, after: Content, minChangedPercent: number) {
  const lines = (content: Content) => content.headings.map((heading) => `h${heading.level} ${heading.text.replace(/\s+/g, ' ').trim()}`);
  const a = lines(before);
  const b = lines(after);
  const added = b.filter((line) => !a.includes(line));
  const removed = a.filter((line) => !b.includes(line));
  if (added.length + removed.length === 0) return null;
  const percent = (100 * (added.length + removed.length)) / Math.max(1, a.length + b.length);
  if (percent < minChangedPercent) return null;
  const text = (list: readonly string[]) => oneLine(list.map((line) => line.slice(3)).join(' | '), EXCERPT_CHARS);
  const parts = [...added.map((line) => `+${quoted(line.slice(3), 40)}`), ...removed.map((line) => `−${quoted(line.slice(3), 40)}`)];
  return {
    summary: oneLine(`Headings changed: ${parts.join(', ')}`, 160),
    data: { changedPercent: roundPercent(percent), before: text(removed), after: text(added) },
  };
}

function fieldChange(before: string | null, after: string | null) {
  return {
    changedPercent: roundPercent(changedPercent(words(before ?? ''), words(after ?? ''))),
    before: oneLine(before ?? '', EXCERPT_CHARS),
    after: oneLine(after ?? '', EXCERPT_CHARS),
  };
}

function compilePatterns(monitor: Monitor): RegExp[] {
  // Compiled with the flags the scanner and the config validator use.
  return monitor.scan.ignore.patterns.map((pattern) => new RegExp(pattern, 'giu'));
}

function cleaned(value: string | null, patterns: readonly RegExp[]): string | null {
  if (value === null) return null;
  const result = patterns.reduce((text, pattern) => text.replace(pattern, ' '), value).replace(/\s+/g, ' ').trim();
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
