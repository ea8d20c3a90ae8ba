import type { APIRoute } from 'astro';
import { getSite } from '../../data/snapshot.ts';
import { jsonText } from '../../render/json-text.ts';
import { renderOpenApi } from '../../render/openapi.ts';

export const GET: APIRoute = async () => {
  const { snapshot } = await getSite();
  return new Response(jsonText(renderOpenApi(snapshot.content.config)), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
