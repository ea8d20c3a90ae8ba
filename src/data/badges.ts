import { badgeSvg, componentBadge, overallBadge, shieldsEndpoint } from '../render/badges.ts';
import { badgeSchema } from '../schema/api.ts';
import { jsonResponse } from './json.ts';
import { getSite } from './snapshot.ts';

export type BadgeFormat = 'json' | 'svg';

/** The overall badge, or one component's, as shields.io endpoint JSON or as SVG. */
export async function badgeResponse(format: BadgeFormat, componentId?: string): Promise<Response> {
  const { snapshot, componentById } = await getSite();
  const component = componentId === undefined ? undefined : componentById.get(componentId);
  const badge =
    component === undefined
      ? overallBadge(snapshot.overall)
      : componentBadge(component.name, snapshot.componentStatus.get(component.id) ?? 'operational');
  return format === 'json'
    ? jsonResponse('badge.json', JSON.parse(shieldsEndpoint(badge)), badgeSchema)
    : new Response(badgeSvg(badge), { headers: { 'Content-Type': 'image/svg+xml' } });
}
