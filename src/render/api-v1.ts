import type { ZodType } from 'zod';
import type { ComponentStatus, SiteConfig } from '../domain/model.ts';
import { chunk, type SiteIndex } from '../domain/site-index.ts';
import type { IncidentState, MaintenanceState } from '../domain/status.ts';
import {
  v1ComponentListSchema,
  v1IncidentListSchema,
  v1IncidentSchema,
  v1MaintenanceSchema,
  v1MonthSchema,
  type V1Incident,
  type V1Maintenance,
  type V1IncidentSummary,
} from '../schema/api.ts';
import { absoluteUrl, isoTime, updateAnchor } from './format.ts';

/** Incidents per page of a v1 listing; the first is "the 50 most recent". */
export const V1_PAGE_SIZE = 50;

/**
 * One file of the native API: its path under `v1/organizations/<org>/`, schema and body. The
 * body is built when the file is written, so a build that skips the file (Astro's incremental
 * build) never builds it; what it is built from, besides the site config and the components,
 * is `states` and `facts`, which the route's page key hashes.
 */
export interface V1Document {
  readonly path: string;
  readonly schema: ZodType;
  readonly body: () => object;
  /** The incidents the body shows. */
  readonly states: readonly IncidentState[];
  /** Everything else the body shows (page numbers, a maintenance window), as JSON text. */
  readonly facts: string;
}

/** `v1/organizations/<org>/incidents/<id>`, relative to the site's base. */
export function apiV1IncidentPath(config: SiteConfig, id: string): string {
  return `v1/organizations/${config.organization_id}/incidents/${id}`;
}

/** One incident with its full history, newest first. */
export function apiV1Incident(
  state: IncidentState,
  config: SiteConfig,
  componentName: (id: string) => string,
): V1Incident {
  const { incident } = state;
  const statuses = (components: Readonly<Record<string, ComponentStatus>>) =>
    Object.entries(components).map(([id, status]) => ({ id, name: componentName(id), status }));
  return {
    id: incident.id,
    organization_id: config.organization_id,
    title: incident.title,
    status: state.status,
    impact: incident.impact,
    started_at: isoTime(incident.startedAt),
    resolved_at: state.resolvedAt === null ? null : isoTime(state.resolvedAt),
    created_at: isoTime(state.updates[0]?.time ?? incident.startedAt),
    updated_at: isoTime(state.latest.time),
    url: absoluteUrl(config, `incidents/${incident.id}/`),
    api_url: absoluteUrl(config, apiV1IncidentPath(config, incident.id)),
    components: statuses(state.latest.components),
    updates: [...state.updates].reverse().map((update) => ({
      id: updateAnchor(update.time),
      status: update.status,
      message: update.message.markdown,
      message_html: update.message.html,
      created_at: isoTime(update.time),
      components: statuses(update.components),
    })),
  };
}

/** `v1/organizations/<org>/maintenances/<id>`, relative to the site's base. */
export function apiV1MaintenancePath(config: SiteConfig, id: string): string {
  return `v1/organizations/${config.organization_id}/maintenances/${id}`;
}

/** One maintenance window with its full history, newest first. */
export function apiV1Maintenance(
  state: MaintenanceState,
  config: SiteConfig,
  componentName: (id: string) => string,
): V1Maintenance {
  const { maintenance } = state;
  const time = (value: number | null) => (value === null ? null : isoTime(value));
  return {
    id: maintenance.id,
    organization_id: config.organization_id,
    title: maintenance.title,
    status: state.status,
    scheduled_for: isoTime(maintenance.scheduledFor),
    scheduled_until: isoTime(maintenance.scheduledUntil),
    started_at: time(state.startedAt),
    completed_at: time(state.completedAt),
    created_at: isoTime(state.updates[0]?.time ?? maintenance.scheduledFor),
    updated_at: isoTime(state.updates.at(-1)?.time ?? maintenance.scheduledFor),
    url: absoluteUrl(config, `maintenance/${maintenance.id}/`),
    api_url: absoluteUrl(config, apiV1MaintenancePath(config, maintenance.id)),
    body:
      maintenance.body === null
        ? null
        : { markdown: maintenance.body.markdown, html: maintenance.body.html },
    components: maintenance.components.map((id) => ({ id, name: componentName(id) })),
    updates: [...state.updates].reverse().map((update) => ({
      id: updateAnchor(update.time),
      status: update.status,
      message: update.message.markdown,
      message_html: update.message.html,
      created_at: isoTime(update.time),
      automatic: update.automatic === true,
    })),
  };
}

function summaryOf(incident: V1Incident): V1IncidentSummary {
  const { updates: _updates, ...summary } = incident;
  return summary;
}

/**
 * Every file of the native API: each incident (`incidents/<id>`); the 50 most recent
 * (`incidents.json`) and the archive, 50 a page cut from the oldest
 * (`incidents/pages/<n>.json`); each month
 * (`incidents/months/<YYYY-MM>.json`); each component's incidents, paged the same way; the
 * components (`components.json`). Any incident is reachable without downloading everything.
 * Each incident's document is built at most once, however many listings show it.
 */
export function apiV1Documents(site: SiteIndex): V1Document[] {
  const { snapshot } = site;
  const { config } = snapshot.content;
  const org = config.organization_id;
  const name = site.componentName;
  const built = new Map<IncidentState, V1Incident>();
  const incidentOf = (state: IncidentState): V1Incident => {
    let incident = built.get(state);
    if (incident === undefined) {
      incident = apiV1Incident(state, config, name);
      built.set(state, incident);
    }
    return incident;
  };
  const summaries = (states: readonly IncidentState[]) =>
    states.map((state) => summaryOf(incidentOf(state)));
  const documents: V1Document[] = snapshot.incidents.map((state) => ({
    path: `incidents/${state.incident.id}`,
    schema: v1IncidentSchema,
    body: () => incidentOf(state),
    states: [state],
    facts: '',
  }));
  for (const state of snapshot.maintenances) {
    const body = apiV1Maintenance(state, config, name);
    documents.push({
      path: `maintenances/${state.maintenance.id}`,
      schema: v1MaintenanceSchema,
      body: () => body,
      states: [],
      facts: JSON.stringify(body),
    });
  }

  // The first listing is the 50 most recent; the pages after it are cut every 50 from the
  // oldest and numbered from the oldest, so each keeps its incidents and its bytes as the
  // history grows, as RFC 5005's archive documents do. The newest page may repeat incidents
  // of the first listing: clients know incidents by id.
  const paged = (folder: string, states: readonly IncidentState[]): V1Document[] => {
    const archive = chunk([...states].reverse(), V1_PAGE_SIZE)
      .filter((cut) => cut.length === V1_PAGE_SIZE)
      .map((cut) => cut.reverse());
    const pathOf = (page: number) =>
      page === 0 ? `${folder}.json` : `${folder}/pages/${String(page)}.json`;
    const listing = (page: number, shown: readonly IncidentState[], older: number | null) => ({
      path: pathOf(page),
      schema: v1IncidentListSchema,
      body: () => ({
        organization_id: org,
        page,
        next:
          older === null ? null : absoluteUrl(config, `v1/organizations/${org}/${pathOf(older)}`),
        incidents: summaries(shown),
      }),
      states: shown,
      facts: JSON.stringify({ page, older }),
    });
    return [
      listing(0, states.slice(0, V1_PAGE_SIZE), archive.length > 0 ? archive.length : null),
      ...archive.map((shown, index) => listing(index + 1, shown, index > 0 ? index : null)),
    ];
  };

  // No listing is written without an extension: a static host cannot have a file and a folder
  // of the same name, and the folder's index.html would be served as HTML (see
  // src/routes/v1/organizations/[org]/incidents/index.html.ts).
  documents.push(...paged('incidents', snapshot.incidents));
  for (const month of snapshot.months) {
    documents.push({
      path: `incidents/months/${month.month}.json`,
      schema: v1MonthSchema,
      body: () => ({
        organization_id: org,
        month: month.month,
        incidents: summaries(month.incidents),
      }),
      states: month.incidents,
      facts: '',
    });
  }
  for (const component of snapshot.content.components) {
    documents.push(
      ...paged(
        `components/${component.id}/incidents`,
        site.incidentsByComponent.get(component.id) ?? [],
      ),
    );
  }
  const components = {
    organization_id: org,
    components: snapshot.content.components.map((component) => ({
      id: component.id,
      name: component.name,
      description: component.description,
      group: component.group,
      status: snapshot.componentStatus.get(component.id) ?? 'operational',
      incidents_url: absoluteUrl(
        config,
        `v1/organizations/${org}/components/${component.id}/incidents.json`,
      ),
    })),
  };
  documents.push({
    path: 'components.json',
    schema: v1ComponentListSchema,
    body: () => components,
    states: [],
    facts: JSON.stringify(components),
  });
  return documents;
}
