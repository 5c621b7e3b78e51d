/**
 * The published site's URL scheme, shared by the site (which builds these pages), digests and
 * the Actions job summary (which link to them). Paths are relative to the site root.
 */
export const SITE_PATHS = {
  overview: '',
  /** Page 2 onwards of a long overview; page 1 is the overview itself. */
  overviewPage: (page: number) => (page === 1 ? '' : `overview/${page}/`),
  changes: 'changes/',
  technologies: 'technologies/',
  runs: 'runs/',
  addMonitor: 'add/',
  compare: 'compare/',
  trends: 'trends/',
  search: 'search/',
  feed: 'feed.xml',
  buildInfo: 'build.json',
  monitor: (id: string) => `monitors/${id}/`,
  monitorFeed: (id: string) => `monitors/${id}/feed.xml`,
  /** A change is shown on its monitor's page, at this anchor. */
  change: (monitor: string, changeId: string) => `monitors/${monitor}/#change-${changeId}`,
  api: {
    monitors: 'api/monitors.json',
    changes: 'api/changes.json',
    landscape: 'api/landscape.json',
    badge: (id: string, badge: 'grade' | 'status') => `api/badges/${id}/${badge}.json`,
  },
  /** CSV files for spreadsheets and BI tools (columns in site/README.md). */
  exports: (name: string) => `exports/${name}.csv`,
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** The part of monitors/_settings.yaml that says where the site and the repository are. */
interface SiteSettings {
  readonly site: { readonly url?: string | undefined; readonly repository?: string | undefined };
}

/**
 * Where the site is published: settings, then $TECHSCAN_SITE_URL, then the GitHub Pages URL
 * of $GITHUB_REPOSITORY. Null when none is known (links are then left out).
 */
export function siteBaseUrl(settings: SiteSettings, env: Env): string | null {
  const explicit = settings.site.url ?? env.TECHSCAN_SITE_URL;
  if (explicit) return explicit.endsWith('/') ? explicit : `${explicit}/`;
  const repository = githubRepository(settings, env);
  if (!repository) return null;
  const [owner = '', name = ''] = repository.split('/');
  const host = `${owner.toLowerCase()}.github.io`;
  return name.toLowerCase() === host ? `https://${host}/` : `https://${host}/${name}/`;
}

/** `owner/name` of the repository holding the monitors, for "edit" and "scan now" links. */
export function githubRepository(settings: SiteSettings, env: Env): string | null {
  return settings.site.repository ?? env.GITHUB_REPOSITORY ?? null;
}

export function siteUrl(base: string, path: string): string {
  return new URL(path, base).href;
}
