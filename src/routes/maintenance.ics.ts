import type { APIRoute } from 'astro';
import { getSite } from '../data/snapshot.ts';
import { renderCalendar } from '../render/calendar.ts';

export const GET: APIRoute = async () => {
  const { snapshot, componentName } = await getSite();
  const body = renderCalendar(
    snapshot.maintenances,
    snapshot.content.config,
    componentName,
    snapshot.now,
  );
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
