import type { APIRoute, GetStaticPaths } from 'astro';
import { gradeBadge, statusBadge } from '../../../../../lib/badges.ts';
import { siteData } from '../../../../../lib/site-data.ts';

const BADGES = ['grade', 'status'] as const;

export const getStaticPaths: GetStaticPaths = async () => {
  const model = await siteData();
  return model.monitors.flatMap((monitor) => BADGES.map((badge) => ({ params: { org: monitor.organization, slug: monitor.slug, badge } })));
};

export const GET: APIRoute = async ({ params }) => {
  const model = await siteData();
  const id = `${params.org}/${params.slug}`;
  const monitor = model.monitors.find((candidate) => candidate.id === id);
  if (!monitor) throw new Error(`monitor ${id} vanished between getStaticPaths and rendering`);
  return Response.json(params.badge === 'grade' ? gradeBadge(monitor.history.lastGood?.security?.grade) : statusBadge(monitor.status, monitor.enabled));
};
