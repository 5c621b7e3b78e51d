import type { Change } from '../../../scripts/schema/change.ts';
import type { ScanResult } from '../../../scripts/schema/scan.ts';
import { SITE_PATHS } from '../../../scripts/shared/site-links.ts';
import type { MonitorStatus, SiteModel } from './model.ts';

/**
 * The JSON published under /api/ for BI tools and scripts. Records inside are the shared
 * schemas' records as stored; `page` fields are paths relative to the site root.
 */
export const API_VERSION = 1;

export interface ApiMonitor {
  readonly id: string;
  readonly organization: string;
  readonly name: string;
  readonly url: string | null;
  readonly tags: readonly string[];
  readonly enabled: boolean;
  readonly configured: boolean;
  readonly status: MonitorStatus;
  readonly nextDue: string | null;
  readonly technologies: number;
  readonly grade: string | null;
  readonly changes: number;
  readonly page: string;
  readonly latestScan: ScanResult | null;
}

interface Envelope {
  readonly schemaVersion: typeof API_VERSION;
  readonly generatedAt: string;
  readonly dataUpdatedAt: string | null;
}

function envelope(model: SiteModel): Envelope {
  return { schemaVersion: API_VERSION, generatedAt: model.builtAt, dataUpdatedAt: model.dataUpdatedAt };
}

export function monitorsApi(model: SiteModel): Envelope & { monitors: ApiMonitor[] } {
  return {
    ...envelope(model),
    monitors: model.monitors.map((monitor) => ({
      id: monitor.id,
      organization: monitor.organization,
      name: monitor.name,
      url: monitor.url,
      tags: monitor.tags,
      enabled: monitor.enabled,
      configured: monitor.configured,
      status: monitor.status,
      nextDue: monitor.nextDue,
      technologies: monitor.history.stack.length,
      grade: monitor.history.lastGood?.security?.grade ?? null,
      changes: monitor.changes.length,
      page: SITE_PATHS.monitor(monitor.id),
      latestScan: monitor.latestScan,
    })),
  };
}

export function changesApi(model: SiteModel): Envelope & { changes: (Change & { page: string })[] } {
  return { ...envelope(model), changes: model.changes.map((change) => ({ ...change, page: SITE_PATHS.change(change.monitor, change.id) })) };
}

export function landscapeApi(model: SiteModel) {
  const { landscape } = model;
  return {
    ...envelope(model),
    weekStarts: landscape.weekStarts,
    categories: landscape.categories.map((category) => ({ name: category.name, technologies: category.technologies })),
    technologies: landscape.technologies.map((tech) => ({
      name: tech.name,
      categories: tech.categories,
      page: `${SITE_PATHS.technologies}${tech.slug}/`,
      users: tech.users,
      adoption: tech.adoption,
      moves: tech.moves.map((move) => ({ ...move, page: SITE_PATHS.change(move.monitor, move.changeId) })),
    })),
  };
}
