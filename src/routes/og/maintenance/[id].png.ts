import type { APIRoute, GetStaticPaths } from 'astro';
import { cardImage } from '../../../data/og-images.ts';
import { getSite } from '../../../data/snapshot.ts';
import type { MaintenanceState } from '../../../domain/status.ts';
import { maintenanceCard } from '../../../render/og/cards.ts';

export const getStaticPaths = (async () => {
  const { snapshot } = await getSite();
  return snapshot.maintenances.map((state) => ({
    params: { id: state.maintenance.id },
    props: { state },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ state: MaintenanceState }> = async ({ props }) => {
  const { snapshot, componentName } = await getSite();
  const card = maintenanceCard(props.state, snapshot.content.config, componentName);
  return cardImage(`og/maintenance/${props.state.maintenance.id}.png`, card);
};
