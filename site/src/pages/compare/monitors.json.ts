import type { APIRoute } from 'astro';
import { compareIndex } from '../../lib/compare-index.ts';
import { siteData } from '../../lib/site-data.ts';

/** The compare picker's list of monitors: small, so the page need not embed it. */
export const GET: APIRoute = async () => Response.json(compareIndex(await siteData()));
