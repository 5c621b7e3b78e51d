import { alertsFor } from '../../scripts/alerts/index.ts';
import type { Alert } from '../../scripts/schema/alert.ts';
import { normaliseMonitor } from '../../scripts/monitors/normalise.ts';
import { changeSchema, type Change } from '../../scripts/schema/change.ts';
import type { Severity } from '../../scripts/schema/common.ts';
import { monitorFileSchema, settingsFileSchema, type Monitor, type Settings } from '../../scripts/schema/monitor.ts';
import { contentHash } from '../../scripts/shared/hash.ts';

/**
 * Valid monitors, settings and changes for the alert tests. Monitors go through the same schema
 * and normalisation as monitors/*.yaml; changes are parsed with the change schema.
 */

export function monitor(id: string, file: Record<string, unknown> = {}): Monitor {
  const [organization = '', slug = ''] = id.split('/');
  const parsed = monitorFileSchema.parse({ name: slug, url: `https://${slug}.example/`, schedule: '@daily', ...file });
  return normaliseMonitor(parsed, { id, organization, slug, file: `monitors/${id}.yaml` });
}

export function settings(file: Record<string, unknown> = {}): Settings {
  return settingsFileSchema.parse(file);
}

interface Common {
  readonly monitor?: string;
  readonly severity?: Severity;
  readonly detectedAt?: string;
}

function build(type: Change['type'], subject: string, summary: string, data: unknown, common: Common): Change {
  const monitorId = common.monitor ?? 'acme/cartly';
  const detectedAt = common.detectedAt ?? '2026-11-28T06:00:00.000Z';
  return changeSchema.parse({
    schemaVersion: 1,
    id: contentHash({ monitor: monitorId, type, subject, detectedAt }, 16),
    monitor: monitorId,
    type,
    severity: common.severity ?? 'medium',
    detectedAt,
    fromScan: 'scan-before',
    toScan: contentHash({ monitorId, detectedAt }, 12),
    summary,
    data,
  });
}

export function versionChange(technology: string, from: string, to: string, common: Common = {}): Change {
  return build(
    'technology_version_changed',
    technology,
    `${technology} ${from} → ${to}`,
    {
      technology,
      version: to,
      previousVersion: from,
      confidence: 100,
      categories: ['JavaScript frameworks'],
    },
    common,
  );
}

export function technologyAdded(technology: string, common: Common = {}): Change {
  return build(
    'technology_added',
    technology,
    `${technology} added`,
    {
      technology,
      version: null,
      previousVersion: null,
      confidence: 100,
      categories: ['Analytics'],
    },
    { severity: 'low', ...common },
  );
}

export function headerRemoved(header: string, common: Common = {}): Change {
  return build(
    'security_header_removed',
    header,
    `${header} header removed`,
    {
      header,
      value: null,
      previousValue: 'max-age=63072000',
    },
    { severity: 'high', ...common },
  );
}

export function contentChanged(before: string, after: string, common: Common = {}): Change {
  return build(
    'content_changed',
    after,
    'Page text changed (12%)',
    {
      field: 'text',
      changedPercent: 12,
      before,
      after,
    },
    common,
  );
}

export function siteDown(common: Common = {}): Change {
  const detectedAt = common.detectedAt ?? '2026-11-28T06:00:00.000Z';
  return build(
    'site_down',
    'outage',
    'Site down: 2 failed scans',
    {
      failures: 2,
      since: detectedAt,
      error: { kind: 'timeout', message: 'navigation timed out after 60 s' },
    },
    { severity: 'high', ...common },
  );
}

export function siteRecovered(downSince: string, common: Common = {}): Change {
  return build('site_recovered', 'outage', 'Site reachable again', { downSince, failures: 2 }, { severity: 'low', ...common });
}

/** A pending alert as `alertsFor` queues it. */
export function alert(
  change: Change,
  {
    recipient = 'intel@acme.example',
    frequency = 'daily',
    createdAt = change.detectedAt,
  }: { recipient?: string; frequency?: 'immediate' | 'daily' | 'weekly'; createdAt?: string } = {},
): Alert {
  const watched = monitor(change.monitor, { alerts: { recipients: [recipient], digest: frequency, minSeverity: 'low' } });
  const [queued] = alertsFor(watched, [change], new Date(createdAt));
  if (!queued) throw new Error('the fixture change does not alert');
  return queued;
}
