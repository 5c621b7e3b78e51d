import type { APIRoute } from 'astro';
import { changesApi } from '../../lib/api.ts';
import { siteData } from '../../lib/site-data.ts';

export const GET: APIRoute = async () => Response.json(changesApi(await siteData()));
