import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { feedItems } from '../lib/feed.ts';
import { siteContext } from '../lib/site-data.ts';

export const GET: APIRoute = async () => {
  const { model, links } = await siteContext();
  return rss({
    title: 'TechScan: competitor changes',
    description: 'Changes detected at the monitored competitor sites, newest first.',
    site: links.absolute(''),
    items: feedItems(model.changes, new Map(model.monitors.map((monitor) => [monitor.id, monitor.name])), links),
  });
};
