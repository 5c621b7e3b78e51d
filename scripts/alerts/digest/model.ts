import type { Alert, DigestPeriod } from '../../schema/alert.ts';
import { SEVERITIES, severityRank, type DigestFrequency, type Severity } from '../../schema/common.ts';
import type { Monitor } from '../../schema/monitor.ts';
import { SITE_PATHS, siteUrl } from '../../shared/site-links.ts';
import { REGISTERED_KINDS, type KindLookup } from '../../changes/kinds/index.ts';
import type { ChangeRecord } from '../../changes/kinds/kind.ts';
import type { LandscapeSummary } from '../../insight/movers.ts';
import { landscapeSection, type LandscapeSection } from './landscape.ts';
import { formatInZone, oneLine, plural } from '../../shared/wording.ts';

/**
 * What a digest says, before it is rendered as HTML or plain text: the changes grouped by
 * organization and monitor, most severe first, with links to the published site. All strings
 * here are plain text; each renderer escapes them for its format.
 */

export interface DigestContext {
  /** The configured monitors, for display names and config file paths (an alert of a removed monitor shows its id). */
  readonly monitors: readonly Monitor[];
  /** Base URL of the published site; null leaves links out. */
  readonly siteBaseUrl: string | null;
  /** Time zone the digest's times are shown in (the digest settings' zone). */
  readonly timezone: string;
  /** The landscape summary, for weekly digests of recipients who opted in (alerts.landscape). */
  readonly landscape?: LandscapeSummary | null;
  /** The change kinds that word the entries; the registered ones unless a test brings its own. */
  readonly kinds?: KindLookup;
}

/** An alert as a digest reads it: any change record its kinds know, not only the registered types. */
export type DigestAlert = Omit<Alert, 'change'> & { readonly change: ChangeRecord };

export interface DigestEntry {
  readonly alertId: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly type: string;
  readonly when: string;
  readonly link: string | null;
  /** Extra lines for some types: a content excerpt, the error of a site that is down. */
  readonly details: readonly string[];
}

export interface MonitorGroup {
  readonly id: string;
  readonly name: string;
  readonly url: string | null;
  readonly file: string | null;
  readonly link: string | null;
  readonly entries: readonly DigestEntry[];
}

export interface OrganizationGroup {
  readonly name: string;
  readonly monitors: readonly MonitorGroup[];
}

export type SeverityCounts = Readonly<Record<Severity, number>>;

export interface DigestModel {
  readonly recipient: string;
  readonly frequency: DigestFrequency;
  readonly kind: string;
  readonly periodLabel: string;
  readonly headline: string;
  readonly subject: string;
  readonly total: number;
  readonly counts: SeverityCounts;
  readonly organizations: readonly OrganizationGroup[];
  readonly siteLink: string | null;
  readonly changesLink: string | null;
  readonly configFiles: readonly string[];
  readonly landscape: LandscapeSection | null;
}

const NAME_MAX = 80;
const SUMMARY_MAX = 300;
const EXCERPT_MAX = 160;
const SEVERITIES_DESCENDING = [...SEVERITIES].reverse();

const FREQUENCY_KIND: Readonly<Record<DigestFrequency, string>> = {
  immediate: 'Change alert',
  daily: 'Daily digest',
  weekly: 'Weekly digest',
};

export function digestModel(alerts: readonly DigestAlert[], period: DigestPeriod, context: DigestContext): DigestModel {
  const [first] = alerts;
  if (!first) throw new Error('a digest needs at least one alert');
  const monitorsById = new Map(context.monitors.map((monitor) => [monitor.id, monitor]));
  const link = (path: string) => (context.siteBaseUrl === null ? null : siteUrl(context.siteBaseUrl, path));

  const byMonitor = new Map<string, DigestAlert[]>();
  for (const alert of alerts) byMonitor.set(alert.monitor, [...(byMonitor.get(alert.monitor) ?? []), alert]);
  const monitorGroups = [...byMonitor].map(([id, monitorAlerts]): MonitorGroup => {
    const monitor = monitorsById.get(id);
    return {
      id,
      name: oneLine(monitor?.name ?? id, NAME_MAX),
      url: monitor?.url ?? null,
      file: monitor?.file ?? null,
      link: link(SITE_PATHS.monitor(id)),
      entries: monitorAlerts.sort(mostSevereFirst).map((alert) => entry(alert, context.timezone, link, context.kinds ?? REGISTERED_KINDS)),
    };
  });

  const byOrganization = new Map<string, MonitorGroup[]>();
  for (const group of monitorGroups) {
    const organization = group.id.split('/')[0] ?? group.id;
    byOrganization.set(organization, [...(byOrganization.get(organization) ?? []), group]);
  }
  const organizations = [...byOrganization]
    .map(([name, monitors]) => ({ name, monitors: monitors.sort(groupOrder) }))
    .sort((a, b) => topRank(b.monitors[0]) - topRank(a.monitors[0]) || a.name.localeCompare(b.name));

  const counts = countSeverities(alerts);
  const headline = `${plural(alerts.length, 'change')} at ${
    monitorGroups.length === 1 && monitorGroups[0] ? monitorGroups[0].name : plural(monitorGroups.length, 'competitor')
  }`;
  const topSeverity = SEVERITIES_DESCENDING.find((level) => level !== 'low' && counts[level] > 0);
  return {
    recipient: first.recipient,
    frequency: first.frequency,
    kind: FREQUENCY_KIND[first.frequency],
    periodLabel: periodLabel(first.frequency, period, context.timezone),
    headline,
    subject: oneLine(topSeverity ? `${headline} — ${counts[topSeverity]} ${topSeverity}` : headline),
    total: alerts.length,
    counts,
    organizations,
    siteLink: link(SITE_PATHS.overview),
    changesLink: link(SITE_PATHS.changes),
    configFiles: [...new Set(monitorGroups.flatMap((group) => (group.file ? [group.file] : [])))].sort(),
    landscape: landscapeSection(first.recipient, first.frequency, context),
  };
}

function entry(alert: DigestAlert, timezone: string, link: (path: string) => string | null, kinds: KindLookup): DigestEntry {
  const { change } = alert;
  return {
    alertId: alert.id,
    severity: alert.severity,
    summary: oneLine(change.summary, SUMMARY_MAX),
    type: kinds.kindOf(change.type).label,
    when: formatInZone(change.detectedAt, timezone),
    link: link(SITE_PATHS.change(change.monitor, change.id)),
    details: details(change, kinds),
  };
}

/** The lines the change's kind marks as telling beyond the summary (an excerpt, an error). */
function details(change: ChangeRecord, kinds: KindLookup): string[] {
  return kinds
    .viewOf(change)
    .details.filter((detail) => detail.brief)
    .map((detail) => {
      const value = oneLine(detail.value, EXCERPT_MAX);
      return `${detail.label}: ${detail.excerpt ? `“${value}”` : value}`;
    });
}

function mostSevereFirst(a: DigestAlert, b: DigestAlert): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.change.detectedAt.localeCompare(a.change.detectedAt) || a.id.localeCompare(b.id);
}

/** The rank of a monitor's most severe change (-1 for none). */
function topRank(group: MonitorGroup | undefined): number {
  return Math.max(-1, ...(group?.entries ?? []).map((item) => severityRank(item.severity)));
}

/** Monitors with the most severe changes first, then by name. */
function groupOrder(a: MonitorGroup, b: MonitorGroup): number {
  return topRank(b) - topRank(a) || a.name.localeCompare(b.name);
}

export function countSeverities(alerts: readonly { readonly severity: Severity }[]): SeverityCounts {
  const counts: Record<Severity, number> = { low: 0, medium: 0, high: 0 };
  for (const alert of alerts) counts[alert.severity] += 1;
  return counts;
}

function periodLabel(frequency: DigestFrequency, period: DigestPeriod, timezone: string): string {
  const zone = ` (${timezone})`;
  if (frequency === 'immediate' || period.start === period.end) return `${formatInZone(period.end, timezone)}${zone}`;
  return `${formatInZone(period.start, timezone)} – ${formatInZone(period.end, timezone)}${zone}`;
}
