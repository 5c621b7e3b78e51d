import type { Change } from '../../../scripts/schema/change.ts';
import { SITE_PATHS } from '../../../scripts/shared/site-links.ts';
import { changeLabel, changeDetails } from './changes.ts';

/**
 * What the site search finds besides its pages: every change record, with its details and
 * excerpts, as a result of its own that links to the change on its monitor's page. Monitor and
 * technology pages are indexed from their HTML (`data-pagefind-body`).
 */

export interface SearchRecord {
  /** Relative to the site root; Pagefind prefixes the base path when it shows the result. */
  readonly url: string;
  readonly content: string;
  readonly language: string;
  readonly meta: Readonly<Record<string, string>>;
  readonly filters: Readonly<Record<string, string[]>>;
}

export const SEARCH_LANGUAGE = 'en';
/** The `kind` filter: what a result is. */
export const SEARCH_KINDS = { monitor: 'Monitor', technology: 'Technology', change: 'Change' } as const;

export function changeSearchRecord(change: Change, monitorName: string): SearchRecord {
  const details = changeDetails(change).map((detail) => `${detail.label}: ${detail.value}`);
  return {
    url: SITE_PATHS.change(change.monitor, change.id),
    content: [
      change.summary,
      `${changeLabel(change.type)} at ${monitorName} (${change.monitor}), ${change.severity} severity, ${change.detectedAt.slice(0, 10)}.`,
      ...details,
    ].join('\n'),
    language: SEARCH_LANGUAGE,
    meta: { title: `${monitorName}: ${change.summary}`, date: change.detectedAt.slice(0, 10) },
    filters: { kind: [SEARCH_KINDS.change], type: [changeLabel(change.type)] },
  };
}
