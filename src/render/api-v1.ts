import type { ComponentStatus, SiteConfig } from '../domain/model.ts';
import type { IncidentState } from '../domain/status.ts';
import { absoluteUrl, isoTime, updateAnchor } from './format.ts';

/** An affected component as the native API shows it. */
export interface ApiV1ComponentStatus {
  readonly id: string;
  readonly name: string;
  readonly status: ComponentStatus;
}

export interface ApiV1Update {
  /** Stable within the incident: derived from the update's time. */
  readonly id: string;
  readonly status: IncidentState['status'];
  /** The message as written (Markdown). */
  readonly message: string;
  /** The message rendered to sanitised HTML. */
  readonly message_html: string;
  readonly created_at: string;
  /** Every affected component's status as of this update. */
  readonly components: readonly ApiV1ComponentStatus[];
}

/** The native API's incident: the Incidents API fields plus `components` and `updates`. */
export interface ApiV1Incident {
  readonly id: string;
  readonly organization_id: string;
  readonly title: string;
  readonly status: IncidentState['status'];
  readonly impact: IncidentState['incident']['impact'];
  readonly started_at: string;
  readonly resolved_at: string | null;
  /** When the first update was posted. */
  readonly created_at: string;
  /** When the latest update was posted. */
  readonly updated_at: string;
  /** The incident's page. */
  readonly url: string;
  /** Affected components with their status as of the latest update. */
  readonly components: readonly ApiV1ComponentStatus[];
  /** The full update history, newest first. */
  readonly updates: readonly ApiV1Update[];
}

/** Serialises one incident for `/v1/organizations/<org>/incidents/<id>`. */
export function apiV1Incident(
  state: IncidentState,
  config: SiteConfig,
  componentName: (id: string) => string,
): ApiV1Incident {
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

/** `/v1/organizations/<org>/incidents/<id>`, relative to the site's base. */
export function apiV1IncidentPath(config: SiteConfig, id: string): string {
  return `v1/organizations/${config.organization_id}/incidents/${id}`;
}
