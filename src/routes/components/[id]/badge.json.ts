import type { APIRoute, GetStaticPaths } from 'astro';
import { badgeResponse } from '../../../data/badges.ts';
import { getSite } from '../../../data/snapshot.ts';

export const getStaticPaths = (async () => {
  const site = await getSite();
  return site.snapshot.content.components.map((component) => ({ params: { id: component.id } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => badgeResponse('json', params.id);
