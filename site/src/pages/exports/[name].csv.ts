import type { APIRoute, GetStaticPaths } from 'astro';
import { EXPORT_FILES } from '../../lib/exports.ts';
import { siteData } from '../../lib/site-data.ts';

export const getStaticPaths: GetStaticPaths = () => Object.values(EXPORT_FILES).map((file) => ({ params: { name: file.name } }));

export const GET: APIRoute = async ({ params }) => {
  const file = Object.values(EXPORT_FILES).find((candidate) => candidate.name === params.name);
  if (!file) throw new Error(`no export named ${params.name ?? ''}`);
  return new Response(file.csv(await siteData()), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
};
