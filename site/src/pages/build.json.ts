import type { APIRoute } from 'astro';
import { siteData } from '../lib/site-data.ts';

/** Polled by open pages: a different buildId means newer data was published. */
export const GET: APIRoute = async () => {
  const model = await siteData();
  return Response.json({ buildId: model.buildId, builtAt: model.builtAt, dataUpdatedAt: model.dataUpdatedAt });
};
