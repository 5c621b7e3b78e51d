import { METRICS } from '../../schema/metrics.ts';
import type { AdoptionShift, LandscapeSummary, Mover, TechnologyMoveRef } from '../../insight/movers.ts';
import type { DigestFrequency } from '../../schema/common.ts';
import type { Monitor } from '../../schema/monitor.ts';
import { SITE_PATHS, siteUrl } from '../../shared/site-links.ts';
import type { DigestPlan } from './due.ts';
import { escapeHtml as h } from '../../shared/html.ts';
import { oneLine, plural, signedPercent } from '../../shared/wording.ts';

/**
 * The landscape section of a weekly digest: the last 30 days' movers and adoption shifts across
 * every monitor, for recipients of a monitor with `alerts.landscape: true` and `digest: weekly`.
 * The figures come from scripts/insight/movers.ts, the same computation as the site's trends page.
 */

/** Reads the changes and computes the summary; called only when a digest that carries it is due. */
export type LandscapeSource = () => Promise<LandscapeSummary>;

export const LANDSCAPE_ITEMS = 5;
const NAME_MAX = 80;
const LINE_MAX = 240;

export interface LandscapeLine {
  readonly text: string;
  readonly link: string | null;
}

export interface LandscapeSection {
  readonly heading: string;
  readonly intro: string;
  readonly movers: readonly LandscapeLine[];
  readonly shifts: readonly LandscapeLine[];
  readonly trendsLink: string | null;
  /** The monitor files that turned it on. */
  readonly files: readonly string[];
}

interface SectionContext {
  readonly monitors: readonly Monitor[];
  readonly siteBaseUrl: string | null;
  readonly landscape?: LandscapeSummary | null;
}

/** The monitors whose weekly digests to `recipient` carry the landscape section. */
export function landscapeMonitors(recipient: string, monitors: readonly Monitor[]): Monitor[] {
  return monitors.filter((monitor) => monitor.alerts.landscape && monitor.alerts.digest === 'weekly' && monitor.alerts.recipients.includes(recipient));
}

/** The summary when one of the due digests carries it, read once; null otherwise. */
export async function landscapeFor(
  plans: readonly DigestPlan[],
  monitors: readonly Monitor[],
  source: LandscapeSource | undefined,
): Promise<LandscapeSummary | null> {
  const wanted = plans.some((plan) => plan.frequency === 'weekly' && landscapeMonitors(plan.recipient, monitors).length > 0);
  return wanted && source ? source() : null;
}

export function landscapeSection(recipient: string, frequency: DigestFrequency, context: SectionContext): LandscapeSection | null {
  const summary = context.landscape;
  const files = landscapeMonitors(recipient, context.monitors)
    .map((monitor) => monitor.file)
    .sort();
  if (!summary || frequency !== 'weekly' || files.length === 0) return null;
  const names = new Map(context.monitors.map((monitor) => [monitor.id, oneLine(monitor.name, NAME_MAX)]));
  const link = (path: string) => (context.siteBaseUrl === null ? null : siteUrl(context.siteBaseUrl, path));
  return {
    heading: 'The landscape, last 30 days',
    intro: `${plural(summary.changes, 'change')} at ${plural(summary.movers.length, 'site')} across every monitor.`,
    movers: summary.movers
      .slice(0, LANDSCAPE_ITEMS)
      .map((mover) => ({ text: oneLine(moverLine(mover, names), LINE_MAX), link: link(SITE_PATHS.monitor(mover.monitor)) })),
    shifts: summary.shifts.slice(0, LANDSCAPE_ITEMS).map((shift) => ({ text: oneLine(shiftLine(shift), LINE_MAX), link: link(`${SITE_PATHS.trends}#shifts`) })),
    trendsLink: link(SITE_PATHS.trends),
    files,
  };
}

/** `Beta Bargains: 2 changes — dropped Zendesk; upgraded Angular 18.2.0 → 19.0.0`. */
export function moverLine(mover: Mover, names: ReadonlyMap<string, string>): string {
  const parts = [
    mover.added.length > 0 && `adopted ${mover.added.map(technology).join(', ')}`,
    mover.removed.length > 0 && `dropped ${mover.removed.map(technology).join(', ')}`,
    mover.upgraded.length > 0 && `upgraded ${mover.upgraded.map(upgrade).join(', ')}`,
    mover.grade && `grade ${mover.grade.from} → ${mover.grade.to}`,
    mover.performance && `${METRICS[mover.performance.metric].short} ${signedPercent(mover.performance.changePercent)}`,
  ].filter((part): part is string => typeof part === 'string');
  const name = names.get(mover.monitor) ?? mover.monitor;
  return `${name}: ${plural(mover.changes.length, 'change')}${parts.length > 0 ? ` — ${parts.join('; ')}` : ''}`;
}

/** `Zendesk: −1 site (1 dropped)` / `Angular: 2 upgrades`. */
export function shiftLine(shift: AdoptionShift): string {
  const counts = [
    shift.added.length > 0 && `${shift.added.length} adopted`,
    shift.removed.length > 0 && `${shift.removed.length} dropped`,
    shift.upgraded.length > 0 && plural(shift.upgraded.length, 'upgrade'),
  ].filter((part): part is string => typeof part === 'string');
  const net = shift.net === 0 ? '' : `${shift.net > 0 ? '+' : '−'}${plural(Math.abs(shift.net), 'site')} `;
  return `${shift.technology}: ${net}(${counts.join(', ')})`;
}

function technology(move: TechnologyMoveRef): string {
  return move.version ? `${move.technology} ${move.version}` : move.technology;
}

function upgrade(move: TechnologyMoveRef): string {
  return `${move.technology} ${move.previousVersion ?? '?'} → ${move.version ?? '?'}`;
}

const STYLE = {
  heading: 'margin:0 0 4px;font-size:17px;font-weight:600;color:#111827;',
  text: 'font-size:14px;line-height:1.5;color:#374151;',
  muted: 'font-size:12px;line-height:1.5;color:#6b7280;',
  link: 'color:#1d4ed8;text-decoration:underline;',
};

/** The section as table rows for the digest's HTML part; every string is escaped here. */
export function landscapeHtml(section: LandscapeSection | null): string {
  if (!section) return '';
  const item = (line: LandscapeLine) =>
    `<li style="margin:2px 0;">${line.link ? `<a href="${h(line.link)}" style="${STYLE.link}">${h(line.text)}</a>` : h(line.text)}</li>`;
  const list = (title: string, lines: readonly LandscapeLine[]) =>
    lines.length === 0
      ? ''
      : `<div style="margin-top:10px;${STYLE.text}"><strong>${h(title)}</strong><ul style="margin:4px 0 0;padding-left:18px;">${lines.map(item).join('')}</ul></div>`;
  return [
    `<tr><td style="padding:24px 28px 0;" data-landscape>`,
    `<div style="border-top:1px solid #e5e7eb;padding-top:16px;">`,
    `<h2 style="${STYLE.heading}">${h(section.heading)}</h2>`,
    `<div style="${STYLE.muted}">${h(section.intro)}</div>`,
    list('Movers', section.movers),
    list('Adoption shifts', section.shifts),
    section.trendsLink
      ? `<div style="margin-top:10px;${STYLE.text}"><a href="${h(section.trendsLink)}" style="${STYLE.link}">All trends on the dashboard</a></div>`
      : '',
    `<div style="margin-top:8px;${STYLE.muted}">${h(footnote(section))}</div>`,
    '</div>',
    '</td></tr>',
  ].join('\n');
}

/** The same section for the plain-text part. */
export function landscapeText(section: LandscapeSection | null): string[] {
  if (!section) return [];
  const lines = [section.heading.toUpperCase(), section.intro, ''];
  const list = (title: string, items: readonly LandscapeLine[]) => {
    if (items.length === 0) return;
    lines.push(`  ${title}`);
    for (const item of items) lines.push(`    - ${item.text}`, ...(item.link ? [`      ${item.link}`] : []));
    lines.push('');
  };
  list('Movers', section.movers);
  list('Adoption shifts', section.shifts);
  if (section.trendsLink) lines.push(`All trends: ${section.trendsLink}`);
  lines.push(footnote(section), '');
  return lines;
}

function footnote(section: LandscapeSection): string {
  return `This section is on because alerts.landscape is true in ${section.files.join(', ')}.`;
}
