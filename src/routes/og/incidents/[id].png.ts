import type { APIRoute, GetStaticPaths } from 'astro';
import { cardImage } from '../../../data/og-images.ts';
import { getSite } from '../../../data/snapshot.ts';
import type { IncidentState } from '../../../domain/status.ts';
import { incidentCard } from '../../../render/og/cards.ts';

export const getStaticPaths = (async () => {
  const { snapshot } = await getSite();
  return snapshot.incidents.map((state) => ({ params: { id: state.incident.id }, props: { state } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ state: IncidentState }> = async ({ props }) => {
  const { snapshot, componentName } = await getSite();
  const card = incidentCard(props.state, snapshot.content.config, componentName);
  return cardImage(`og/incidents/${props.state.incident.id}.png`, card);
};
