import type { Change } from '../schema/change.ts';
import { contentHash } from '../shared/hash.ts';
import { kindOf, viewOf } from '../changes/kinds/index.ts';
import { formatInZone, oneLine } from './text.ts';

/**
 * What a change does to GitHub issues, decided without GitHub: a high change opens (or adds
 * to) the issue of its topic; a `site_recovered` closes the outage issue its `site_down` opened.
 * A topic is a monitor and what changed (React's version, the CSP header, the outage), as the
 * change's kind names it, so the same kind of change again updates the open issue instead of
 * opening another.
 */

export type IssueAction =
  | {
      readonly kind: 'open';
      /** Hidden in the issue body: finds the issue of this topic again. */
      readonly marker: string;
      /** Hidden in the entry: a retried delivery sees the change is already there. */
      readonly changeMarker: string;
      readonly title: string;
      /** The body of a new issue, this change's entry included. */
      readonly body: string;
      /** One list item for this change, appended to an existing issue and posted as a comment. */
      readonly entry: string;
    }
  | { readonly kind: 'close'; readonly marker: string; readonly comment: string };

export interface IssueMonitor {
  readonly id: string;
  readonly name: string;
  readonly url: string | null;
}

const TITLE_MAX = 200;
const TEXT_MAX = 300;
const MARKER_HASH_LENGTH = 16;

export function issueMarker(change: Change): string {
  return `<!-- techscan-issue: ${contentHash({ monitor: change.monitor, topic: viewOf(change).topic }, MARKER_HASH_LENGTH)} -->`;
}

export function changeMarker(change: Change): string {
  return `<!-- techscan-change: ${change.id} -->`;
}

/** Untrusted text as an inline code span: GitHub renders no mention, link or HTML inside it. */
function code(text: string): string {
  return `\`${oneLine(text, TEXT_MAX).replace(/`/g, "'")}\``;
}

function utc(iso: string): string {
  return `${formatInZone(iso, 'UTC')} UTC`;
}

export function issueActionFor(change: Change, monitor: IssueMonitor, link: string | null): IssueAction {
  const marker = issueMarker(change);
  const name = oneLine(monitor.name, TITLE_MAX);
  if (change.type === 'site_recovered') {
    return {
      kind: 'close',
      marker,
      comment: `${name} is reachable again (recovered ${utc(change.detectedAt)}, down since ${utc(change.data.downSince)}). Closed by TechScan Monitor.`,
    };
  }
  const details = link ? ` ([details](${link}))` : '';
  const entry = `- ${changeMarker(change)}${utc(change.detectedAt)} · ${kindOf(change.type).label}: ${code(change.summary)}${details}`;
  const title = oneLine(change.type === 'site_down' ? `${name} is down` : `${name}: ${change.summary}`, TITLE_MAX);
  const site = monitor.url ? ` ${code(monitor.url)}` : '';
  const body = [
    marker,
    `TechScan Monitor found a high-severity change at **${code(name)}**${site} (monitor \`${monitor.id}\`).`,
    '',
    change.type === 'site_down'
      ? 'This issue is closed automatically when the site is reachable again.'
      : 'Further changes of the same kind at this site are added here while the issue is open.',
    '',
    '### Changes',
    '',
    entry,
  ].join('\n');
  return { kind: 'open', marker, changeMarker: changeMarker(change), title, body, entry };
}
