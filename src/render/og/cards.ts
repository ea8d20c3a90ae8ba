import type { SiteConfig } from '../../domain/model.ts';
import type { SiteIndex } from '../../domain/site-index.ts';
import type { StatusSnapshot } from '../../domain/snapshot.ts';
import { shownComponents, type IncidentState, type MaintenanceState } from '../../domain/status.ts';
import {
  COMPONENT_STATUS_LABEL,
  formatDuration,
  formatRange,
  formatTime,
  IMPACT_LABEL,
  STATUS_LABEL,
} from '../format.ts';
import { CARD_COLORS, type CardInput } from './card.ts';

/** The card of one incident: title, status and impact, components, times. */
export function incidentCard(
  state: IncidentState,
  config: SiteConfig,
  name: (id: string) => string,
): CardInput {
  const { incident } = state;
  const zone = config.time_zone;
  const ended =
    state.resolvedAt === null
      ? 'Ongoing'
      : `Resolved ${formatTime(state.resolvedAt, zone)} (lasted ${formatDuration(state.durationMs)})`;
  const components = shownComponents(state);
  return {
    site: config.name,
    title: incident.title,
    subtitle: `${STATUS_LABEL[state.status]} · ${IMPACT_LABEL[incident.impact]}`,
    details: Object.entries(components).map(
      ([id, status]) => `${name(id)}: ${COMPONENT_STATUS_LABEL[status]}`,
    ),
    color: CARD_COLORS[incident.impact],
    footer: `Started ${formatTime(incident.startedAt, zone)} · ${ended}`,
  };
}

/** The card of one maintenance window: title, status, components, when. */
export function maintenanceCard(
  state: MaintenanceState,
  config: SiteConfig,
  name: (id: string) => string,
): CardInput {
  const { maintenance } = state;
  const zone = config.time_zone;
  return {
    site: config.name,
    title: maintenance.title,
    subtitle: `Maintenance · ${STATUS_LABEL[state.status]}`,
    details: maintenance.components.map((id) => `${name(id)}: under maintenance during the window`),
    color: CARD_COLORS.maintenance,
    footer: formatRange(
      state.startedAt ?? maintenance.scheduledFor,
      state.completedAt ?? maintenance.scheduledUntil,
      zone,
    ),
  };
}

/**
 * The site's card: the overall status and what is not operational. It shows the time of the
 * latest update, not the build time, so it changes only when the content does.
 */
export function siteCard(snapshot: StatusSnapshot): CardInput {
  const { config, components } = snapshot.content;
  const latest = snapshot.incidents.reduce((time, state) => Math.max(time, state.latest.time), 0);
  const degraded = components.flatMap((component) => {
    const status = snapshot.componentStatus.get(component.id) ?? 'operational';
    return status === 'operational' ? [] : [`${component.name}: ${COMPONENT_STATUS_LABEL[status]}`];
  });
  return {
    site: config.name,
    title: snapshot.overall.description,
    subtitle:
      latest === 0 ? 'No incidents reported' : `Updated ${formatTime(latest, config.time_zone)}`,
    details: degraded.length === 0 ? ['All components operational'] : degraded,
    color: CARD_COLORS[snapshot.overall.indicator],
    footer: new URL(config.url).host,
  };
}

/** Every card of the site, with the file it is published as. */
export function allCards(site: SiteIndex): { file: string; input: CardInput }[] {
  const { snapshot, componentName } = site;
  const config = snapshot.content.config;
  return [
    { file: 'og/site.png', input: siteCard(snapshot) },
    ...snapshot.incidents.map((state) => ({
      file: `og/incidents/${state.incident.id}.png`,
      input: incidentCard(state, config, componentName),
    })),
    ...snapshot.maintenances.map((state) => ({
      file: `og/maintenance/${state.maintenance.id}.png`,
      input: maintenanceCard(state, config, componentName),
    })),
  ];
}
