import type { RSSFeedItem } from '@astrojs/rss';
import type { Change } from '../../../scripts/schema/change.ts';
import { escapeHtml } from '../../../scripts/shared/html.ts';
import { SITE_PATHS } from '../../../scripts/shared/site-links.ts';
import { changeLabel, changeDetails } from './changes.ts';
import type { SiteLinks } from './links.ts';

/** Items in a feed: enough for a reader to see what is new, not the whole history. */
export const FEED_ITEMS = 100;

/**
 * Feed readers show an item's description as HTML, so its lines are escaped here (the feed
 * builder only escapes them once more for XML); titles are plain text. Links are absolute,
 * since the RSS helper would mangle a relative link that ends in an anchor.
 */
export function feedItems(changes: readonly Change[], names: ReadonlyMap<string, string>, links: SiteLinks): RSSFeedItem[] {
  return changes.slice(0, FEED_ITEMS).map((change) => {
    const name = names.get(change.monitor) ?? change.monitor;
    return {
      title: `[${change.severity}] ${name}: ${change.summary}`,
      link: links.absolute(SITE_PATHS.change(change.monitor, change.id)),
      pubDate: new Date(change.detectedAt),
      description: [
        `${changeLabel(change.type)} at ${name} (${change.monitor}), severity ${change.severity}.`,
        ...changeDetails(change).map((detail) => `${detail.label}: ${detail.value}`),
      ]
        .map(escapeHtml)
        .join('<br>\n'),
      categories: [change.type, change.severity, change.monitor.split('/')[0] ?? ''],
    };
  });
}
