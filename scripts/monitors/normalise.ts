import { CHANGE_TYPES } from '../schema/change-types.ts';
import type { Monitor, MonitorFile } from '../schema/monitor.ts';
import { contentHash } from '../shared/hash.ts';

export interface MonitorIdentity {
  readonly id: string;
  readonly organization: string;
  readonly slug: string;
  readonly file: string;
}

/** The validated file in the one shape the rest of the pipeline reads. */
export function normaliseMonitor(parsed: MonitorFile, identity: MonitorIdentity): Monitor {
  const url = normaliseUrl(parsed.url);
  return {
    ...parsed,
    ...identity,
    url,
    tags: unique(parsed.tags),
    alerts: {
      ...parsed.alerts,
      triggers: parsed.alerts.triggers ?? [...CHANGE_TYPES],
      recipients: unique(parsed.alerts.recipients.map((recipient) => recipient.toLowerCase())),
    },
    rulesHash: rulesHash(url, parsed.scan),
  };
}

/** What shapes a scan's result: when it changes, history is re-baselined rather than compared. */
function rulesHash(url: string, scan: MonitorFile['scan']): string {
  return contentHash({ url, depth: scan.depth, track: scan.track, ignore: scan.ignore, maxPages: scan.maxPages }, 12);
}

/** Lowercase host, no default port, no fragment: two spellings of one page compare equal. */
export function normaliseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
