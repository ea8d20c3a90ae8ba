import type { APIRoute } from 'astro';
import { getSite } from '../../data/snapshot.ts';
import { renderOpenApi } from '../../render/openapi.ts';

export const GET: APIRoute = async () => {
  const { snapshot } = await getSite();
  return new Response(`${JSON.stringify(renderOpenApi(snapshot.content.config), null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
