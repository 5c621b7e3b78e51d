import { siteDown, siteRecovered } from '../../changes/kinds/availability.ts';
import { REGISTERED_KINDS, type KindLookup } from '../../changes/kinds/index.ts';
import type { ChangeRecord } from '../../changes/kinds/kind.ts';
import type { IssueTracker } from '../../github/issues.ts';
import type { Notification } from '../../schema/alert.ts';
import { contentHash } from '../../shared/hash.ts';
import { formatInZone, oneLine } from '../../shared/wording.ts';
import { alertingChanges, DEFAULT_MAX_ATTEMPTS, type Channel, type Delivered } from './channel.ts';
import { changeLink, notification, type ChannelContext } from './notification.ts';

/**
 * The GitHub issue channel. What a change does to issues is decided without GitHub: a high
 * change opens (or adds to) the issue of its topic; a `site_recovered` closes the outage issue
 * its `site_down` opened. A topic is a monitor and what changed (React's version, the CSP
 * header, the outage), as the change's kind names it, so the same kind of change again updates
 * the open issue instead of opening another.
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

export type IssueOutcome = 'opened' | 'updated' | 'unchanged' | 'closed' | 'none-open';

export interface IssueReceipt extends Delivered {
  readonly outcome: IssueOutcome;
}

const TITLE_MAX = 200;
const TEXT_MAX = 300;
const MARKER_HASH_LENGTH = 16;

export function issueMarker(change: ChangeRecord, kinds: KindLookup = REGISTERED_KINDS): string {
  return `<!-- techscan-issue: ${contentHash({ monitor: change.monitor, topic: kinds.viewOf(change).topic }, MARKER_HASH_LENGTH)} -->`;
}

export function changeMarker(change: ChangeRecord): string {
  return `<!-- techscan-change: ${change.id} -->`;
}

/** Untrusted text as an inline code span: GitHub renders no mention, link or HTML inside it. */
function code(text: string): string {
  return `\`${oneLine(text, TEXT_MAX).replace(/`/g, "'")}\``;
}

function utc(iso: string): string {
  return `${formatInZone(iso, 'UTC')} UTC`;
}

export function issueActionFor(change: ChangeRecord, monitor: IssueMonitor, link: string | null, kinds: KindLookup = REGISTERED_KINDS): IssueAction {
  const marker = issueMarker(change, kinds);
  const name = oneLine(monitor.name, TITLE_MAX);
  if (change.type === siteRecovered.type) {
    const { downSince } = siteRecovered.data.parse(change.data);
    return {
      kind: 'close',
      marker,
      comment: `${name} is reachable again (recovered ${utc(change.detectedAt)}, down since ${utc(downSince)}). Closed by TechScan Monitor.`,
    };
  }
  const outage = change.type === siteDown.type;
  const details = link ? ` ([details](${link}))` : '';
  // The marker ends the line: at its start, `<!--` would make the whole line a raw HTML block, code spans and all.
  const entry = `- ${utc(change.detectedAt)} · ${kinds.kindOf(change.type).label}: ${code(change.summary)}${details} ${changeMarker(change)}`;
  const title = oneLine(outage ? `${name} is down` : `${name}: ${change.summary}`, TITLE_MAX);
  const site = monitor.url ? ` ${code(monitor.url)}` : '';
  const body = [
    marker,
    `TechScan Monitor found a high-severity change at **${code(name)}**${site} (monitor \`${monitor.id}\`).`,
    '',
    outage
      ? 'This issue is closed automatically when the site is reachable again.'
      : 'Further changes of the same kind at this site are added here while the issue is open.',
    '',
    '### Changes',
    '',
    entry,
  ].join('\n');
  return { kind: 'open', marker, changeMarker: changeMarker(change), title, body, entry };
}

/** Carries out an action against GitHub; a retried one finds what it did before and does not repeat it. */
export async function applyIssueAction(tracker: IssueTracker, action: IssueAction): Promise<IssueReceipt> {
  const existing = await tracker.findOpen(action.marker);
  if (action.kind === 'close') {
    if (!existing) return { outcome: 'none-open', location: null };
    await tracker.comment(existing.number, action.comment);
    await tracker.close(existing.number);
    return { outcome: 'closed', location: existing.url };
  }
  if (!existing) {
    const created = await tracker.create({ title: action.title, body: action.body });
    return { outcome: 'opened', location: created.url };
  }
  if (existing.body.includes(action.changeMarker)) return { outcome: 'unchanged', location: existing.url };
  await tracker.update(existing.number, { title: action.title, body: `${existing.body.trimEnd()}\n${action.entry}` });
  await tracker.comment(existing.number, `Another change of the same kind:\n\n${action.entry}`);
  return { outcome: 'updated', location: existing.url };
}

export interface IssueChannelOptions extends ChannelContext {
  readonly tracker: IssueTracker;
}

/**
 * Alerting changes of high severity, plus every `site_recovered` (whatever its severity) so the
 * outage issue its `site_down` opened is closed. Issue updates of a monitor go in order.
 */
export function githubIssueChannel(options: IssueChannelOptions): Channel<Notification, IssueAction, IssueReceipt> {
  const monitors = new Map(options.monitors.map((monitor) => [monitor.id, monitor]));
  return {
    name: 'github-issue',
    take(monitor, changes, createdAt) {
      if (!monitor.alerts.githubIssue || !monitor.alerts.enabled) return [];
      const alerting = alertingChanges(monitor, changes);
      return changes
        .filter((change) => change.monitor === monitor.id && (change.type === siteRecovered.type || (change.severity === 'high' && alerting.includes(change))))
        .map((change) => notification('github-issue', monitor.id, change, createdAt));
    },
    render: async (pending) =>
      pending.map((item) => {
        const monitor = monitors.get(item.monitor);
        const identity = { id: item.monitor, name: monitor?.name ?? item.monitor, url: monitor?.url ?? null };
        return {
          to: item.monitor,
          monitor: item.monitor,
          items: [item],
          message: issueActionFor(item.change, identity, changeLink(options.siteBaseUrl, item.change)),
        };
      }),
    deliver: ({ message }) => applyIssueAction(options.tracker, message),
    retry: { maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, inOrder: true },
  };
}
