import { SITE_PATHS } from '../../../scripts/shared/site-links.ts';

/**
 * Every URL the site prints. Internal paths come from SITE_PATHS (digests and job summaries
 * link to the same pages), prefixed with the base path; GitHub links point at the repository
 * holding the monitors, or are absent when it is unknown.
 */
export interface SiteLinks {
  readonly base: string;
  /** A site path (from SITE_PATHS) under the base. */
  readonly to: (path: string) => string;
  /** Absolute URL of a site path, for feeds; a local preview address when no site URL is known. */
  readonly absolute: (path: string) => string;
  readonly monitor: (id: string) => string;
  readonly change: (monitor: string, changeId: string) => string;
  readonly technology: (slug: string) => string;
  readonly category: (slug: string) => string;
  readonly changesMonth: (month: string, page?: number) => string;
  readonly github: GithubLinks | null;
}

export interface GithubLinks {
  readonly repository: string;
  readonly home: string;
  /** The monitor's YAML in GitHub's editor. */
  readonly edit: (repoFile: string) => string;
  /** The monitor workflow's page, where "Run workflow" (workflow_dispatch) lives. */
  readonly scanNow: string;
  /** GitHub's "create new file" form, prefilled. */
  readonly newFile: (repoFile: string, text: string) => string;
  readonly configReference: string;
}

export const DEFAULT_BRANCH = 'main';
export const MONITOR_WORKFLOW = 'monitor.yml';
/** Where feeds point when the published URL is unknown: `astro preview`'s default address. */
export const PREVIEW_ORIGIN = 'http://localhost:4321';

export function siteLinks(base: string, siteUrl: string | null, repository: string | null): SiteLinks {
  const to = (path: string) => `${base}${path}`;
  const absoluteBase = siteUrl ?? `${PREVIEW_ORIGIN}${base}`;
  return {
    base,
    to,
    absolute: (path) => new URL(path, absoluteBase).href,
    monitor: (id) => to(SITE_PATHS.monitor(id)),
    change: (monitor, changeId) => to(SITE_PATHS.change(monitor, changeId)),
    technology: (slug) => to(`${SITE_PATHS.technologies}${slug}/`),
    category: (slug) => to(`${SITE_PATHS.technologies}categories/${slug}/`),
    changesMonth: (month, page = 1) => to(`${SITE_PATHS.changes}${month}/${page > 1 ? `${page}/` : ''}`),
    github: repository ? githubLinks(repository) : null,
  };
}

export function githubLinks(repository: string): GithubLinks {
  const home = `https://github.com/${repository}`;
  return {
    repository,
    home,
    edit: (repoFile) => `${home}/edit/${DEFAULT_BRANCH}/${encodePath(repoFile)}`,
    scanNow: `${home}/actions/workflows/${MONITOR_WORKFLOW}`,
    newFile: (repoFile, text) => {
      const slash = repoFile.lastIndexOf('/');
      const folder = slash < 0 ? '' : repoFile.slice(0, slash);
      const query = new URLSearchParams({ filename: repoFile.slice(slash + 1), value: text });
      return `${home}/new/${DEFAULT_BRANCH}/${encodePath(folder)}?${query.toString()}`;
    },
    configReference: `${home}#configuration-reference`,
  };
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
