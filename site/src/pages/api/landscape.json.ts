import type { APIRoute } from 'astro';
import { landscapeApi } from '../../lib/api.ts';
import { siteData } from '../../lib/site-data.ts';

export const GET: APIRoute = async () => Response.json(landscapeApi(await siteData()));
