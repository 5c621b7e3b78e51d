import type { APIRoute } from 'astro';
import { monitorsApi } from '../../lib/api.ts';
import { siteData } from '../../lib/site-data.ts';

export const GET: APIRoute = async () => Response.json(monitorsApi(await siteData()));
