import type { APIRoute, GetStaticPaths } from 'astro';
import { getSite } from '../../../../../data/snapshot.ts';
import type { IncidentState } from '../../../../../domain/status.ts';
import { apiV1Incident } from '../../../../../render/api-v1.ts';

export const getStaticPaths = (async () => {
  const { snapshot } = await getSite();
  return snapshot.incidents.map((state) => ({
    params: { org: snapshot.content.config.organization_id, id: state.incident.id },
    props: { state },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ state: IncidentState }> = async ({ props }) => {
  const { snapshot, componentById } = await getSite();
  const body = apiV1Incident(props.state, snapshot.content.config, (id) => componentById.get(id)?.name ?? id);
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
