import type { Settings } from '../../../scripts/schema/monitor.ts';
import { siteBaseUrl } from '../../../scripts/shared/site-links.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface Publishing {
  /** Path the site is served under, with leading and trailing slash: `/` or `/techscan/`. */
  readonly base: string;
  /** Absolute URL of the site root (base included), or null when no published URL is known. */
  readonly siteUrl: string | null;
}

/**
 * Where the built site will live. $SITE_BASE wins for the path (the Pages workflow knows it);
 * otherwise the path of the published URL from settings, $TECHSCAN_SITE_URL or the
 * repository's GitHub Pages address; otherwise the root.
 */
export function publishing(settings: Settings, env: Env): Publishing {
  const published = siteBaseUrl(settings, env);
  const base = normaliseBase(env.SITE_BASE ?? (published ? new URL(published).pathname : '/'));
  return { base, siteUrl: published ? new URL(base, published).href : null };
}

export function normaliseBase(path: string): string {
  const trimmed = path.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}
