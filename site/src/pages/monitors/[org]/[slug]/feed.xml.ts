import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { SITE_PATHS } from '../../../../../../scripts/shared/site-links.ts';
import { feedItems } from '../../../../lib/feed.ts';
import { siteContext } from '../../../../lib/site-data.ts';

export const getStaticPaths: GetStaticPaths = async () => {
  const { model } = await siteContext();
  return model.monitors.map((monitor) => ({ params: { org: monitor.organization, slug: monitor.slug } }));
};

export const GET: APIRoute = async ({ params }) => {
  const { model, links } = await siteContext();
  const id = `${params.org}/${params.slug}`;
  const monitor = model.monitors.find((candidate) => candidate.id === id);
  if (!monitor) throw new Error(`monitor ${id} vanished between getStaticPaths and rendering`);
  return rss({
    title: `TechScan: ${monitor.name}`,
    description: `Changes detected at ${monitor.name} (${monitor.id}), newest first.`,
    site: links.absolute(SITE_PATHS.monitor(monitor.id)),
    items: feedItems(monitor.changes, new Map([[monitor.id, monitor.name]]), links),
  });
};
