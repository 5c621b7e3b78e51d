import type { MonitorView } from './model.ts';

/** What the split needs of a monitor. */
interface Listed {
  readonly organization: string;
}

/**
 * The overview lists every monitor; past this many rows it is split into pages, in the
 * organizations' order, so that no page outgrows what a browser opens quickly (about 1 KB a row).
 */
export const MONITORS_PER_OVERVIEW_PAGE = 150;

export interface OverviewPage<Monitor extends Listed = MonitorView> {
  /** 1-based; page 1 is the site's front page. */
  readonly page: number;
  readonly pages: number;
  /** Position of the page's first and last monitor in the whole list, 1-based. */
  readonly first: number;
  readonly last: number;
  /** The page's monitors grouped by organization, in the organizations' order. */
  readonly groups: readonly { readonly organization: string; readonly monitors: readonly Monitor[] }[];
}

export function overviewPages<Monitor extends Listed>(
  monitors: readonly Monitor[],
  organizations: readonly string[],
  perPage = MONITORS_PER_OVERVIEW_PAGE,
): OverviewPage<Monitor>[] {
  const ordered = organizations.flatMap((organization) => monitors.filter((monitor) => monitor.organization === organization));
  const pages = Math.max(1, Math.ceil(ordered.length / perPage));
  return Array.from({ length: pages }, (_, index) => {
    const slice = ordered.slice(index * perPage, (index + 1) * perPage);
    const groups = organizations
      .map((organization) => ({ organization, monitors: slice.filter((monitor) => monitor.organization === organization) }))
      .filter((group) => group.monitors.length > 0);
    return { page: index + 1, pages, first: index * perPage + 1, last: index * perPage + slice.length, groups };
  });
}
