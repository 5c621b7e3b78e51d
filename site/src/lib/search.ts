import type { Change } from '../../../scripts/schema/change.ts';
import { escapeHtml } from '../../../scripts/shared/html.ts';
import { SITE_PATHS } from '../../../scripts/shared/site-links.ts';
import { changeLabel, changeDetails } from './changes.ts';

/**
 * What the site search finds besides its pages: the change records, with their details and
 * excerpts. Each monitor's changes are one search page of their own (a heading per change), so
 * a search shows the monitor with the matching changes under it, each linking to the change on
 * the monitor's page. One record per change cost Pagefind about 28 KB of memory each (1.8 GB at
 * 61,000 changes); one page per monitor costs about a twentieth of that. Monitor and technology
 * pages are indexed from their HTML (`data-pagefind-body`).
 */

/** An HTML document handed to Pagefind as if it were a built page. */
export interface SearchPage {
  /** Relative to the site root; Pagefind prefixes the base path when it shows the result. */
  readonly url: string;
  readonly html: string;
}

export const SEARCH_LANGUAGE = 'en';
/** The `kind` filter: what a result is. */
export const SEARCH_KINDS = { monitor: 'Monitor', technology: 'Technology', change: 'Change' } as const;

/**
 * A monitor's changes, newest first, as one page at the monitor page's address: a heading per
 * change carrying the change's anchor id, so each match is a sub-result linking to
 * `#change-<id>`. Every text from a scanned page is escaped.
 */
export function changesSearchPage(monitorId: string, monitorName: string, changes: readonly Change[]): SearchPage {
  const sections = changes.map((change) => {
    const lines = [
      `${changeLabel(change.type)} at ${monitorName} (${change.monitor}), ${change.severity} severity, ${change.detectedAt.slice(0, 10)}.`,
      ...changeDetails(change).map((detail) => `${detail.label}: ${detail.value}`),
    ];
    const anchor = SITE_PATHS.change(monitorId, change.id).split('#')[1] ?? '';
    return `<h2 id="${escapeHtml(anchor)}">${escapeHtml(change.summary)}</h2><p>${lines.map(escapeHtml).join('<br>')}</p>`;
  });
  const title = escapeHtml(`${monitorName}: changes`);
  const kind = `kind:${SEARCH_KINDS.change}`;
  return {
    url: SITE_PATHS.monitor(monitorId),
    html: `<!doctype html><html lang="${SEARCH_LANGUAGE}"><head><title>${title}</title></head><body><main data-pagefind-body><h1>${title}</h1><span hidden data-pagefind-filter="${kind}"></span>${sections.join('')}</main></body></html>`,
  };
}
