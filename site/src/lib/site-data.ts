import { githubRepository } from '../../../scripts/shared/site-links.ts';
import { siteInputs, type SiteInputs } from './inputs.ts';
import { siteLinks, type SiteLinks } from './links.ts';
import { loadSite } from './load.ts';
import type { SiteModel } from './model.ts';
import { publishing } from './publishing.ts';

/**
 * The model every page and endpoint reads. A build loads it once and shares it across all
 * pages; the dev server reloads it when it is a few seconds old so new data shows up.
 */

declare const __TECHSCAN_REPO_ROOT__: string;

const DEV_RELOAD_MS = 5_000;
let cached: { model: Promise<SiteModel>; at: number } | null = null;

export function inputs(): SiteInputs {
  return siteInputs(process.env, __TECHSCAN_REPO_ROOT__, process.cwd());
}

export function siteData(): Promise<SiteModel> {
  const fresh = cached && (!import.meta.env.DEV || Date.now() - cached.at < DEV_RELOAD_MS);
  if (!cached || !fresh) cached = { model: loadSite(inputs()), at: Date.now() };
  return cached.model;
}

export interface SiteContext {
  readonly model: SiteModel;
  readonly links: SiteLinks;
}

/** The model with the links built from the same settings and environment as astro.config.ts. */
export async function siteContext(): Promise<SiteContext> {
  const model = await siteData();
  const { base, siteUrl } = publishing(model.settings, process.env);
  return { model, links: siteLinks(base, siteUrl, githubRepository(model.settings, process.env)) };
}
