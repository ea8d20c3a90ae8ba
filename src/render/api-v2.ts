import type { ComponentStatus, SiteContent } from '../domain/model.ts';
import type { StatusSnapshot } from '../domain/snapshot.ts';
import { worseStatus, type IncidentState, type MaintenanceState } from '../domain/status.ts';
import { absoluteUrl, isoTime } from './format.ts';

// The public Statuspage API v2, key for key (checked against live responses): existing
// Statuspage clients read a Statusmark site unchanged. Ids are Statusmark's own.

export interface V2Page {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface V2Component {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Only on groups: the ids of their components. */
  components?: string[];
}

export interface V2AffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface V2IncidentUpdate {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: V2AffectedComponent[];
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface V2Incident {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: string;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: V2IncidentUpdate[];
  components: V2Component[];
}

export interface V2Maintenance extends V2Incident {
  scheduled_for: string;
  scheduled_until: string;
}

/** How many incidents `incidents.json` and `scheduled-maintenances.json` list, as Statuspage does. */
export const V2_LIST_LIMIT = 50;

/** Every v2 document, by its path under `api/v2/`, built once from the snapshot. */
export function apiV2Documents(snapshot: StatusSnapshot): Map<string, object> {
  const { content } = snapshot;
  const page = v2Page(snapshot);
  const components = v2Components(snapshot);
  const byId = new Map(components.map((component) => [component.id, component]));
  const related: Related = {
    pick: (ids) => ids.flatMap((id) => byId.get(id) ?? []),
    name: (id) => byId.get(id)?.name ?? id,
    pageId: page.id,
  };
  const incidents = snapshot.incidents.map((state) => v2Incident(state, content, related));
  const maintenances = snapshot.maintenances.map((state) => v2Maintenance(state, content, related));
  const unresolved = incidents.filter((incident) => incident.resolved_at === null);
  const upcoming = maintenances.filter((m) => m.status === 'scheduled');
  const active = maintenances.filter((m) => m.status === 'in_progress' || m.status === 'verifying');
  const status = {
    indicator: snapshot.overall.indicator,
    description: snapshot.overall.description,
  };
  return new Map<string, object>([
    [
      'summary.json',
      {
        page,
        components,
        incidents: unresolved,
        scheduled_maintenances: [...active, ...upcoming],
        status,
      },
    ],
    ['status.json', { page, status }],
    ['components.json', { page, components }],
    ['incidents.json', { page, incidents: incidents.slice(0, V2_LIST_LIMIT) }],
    ['incidents/unresolved.json', { page, incidents: unresolved }],
    [
      'scheduled-maintenances.json',
      { page, scheduled_maintenances: maintenances.slice(0, V2_LIST_LIMIT) },
    ],
    ['scheduled-maintenances/upcoming.json', { page, scheduled_maintenances: upcoming }],
    ['scheduled-maintenances/active.json', { page, scheduled_maintenances: active }],
  ]);
}

/** Lookups shared by every incident and window of one build. */
interface Related {
  /** The v2 component objects of these ids. */
  readonly pick: (ids: readonly string[]) => V2Component[];
  readonly name: (id: string) => string;
  readonly pageId: string;
}

/** The time of the latest update anywhere: changes only when the content does. */
function latestUpdate(snapshot: StatusSnapshot): number {
  let latest = -Infinity;
  for (const state of snapshot.incidents) latest = Math.max(latest, state.latest.time);
  for (const state of snapshot.maintenances)
    latest = Math.max(latest, state.updates.at(-1)?.time ?? latest);
  return latest === -Infinity ? snapshot.now : latest;
}

function v2Page(snapshot: StatusSnapshot): V2Page {
  const { config } = snapshot.content;
  return {
    id: config.organization_id,
    name: config.name,
    url: absoluteUrl(config, '').replace(/\/$/, ''),
    time_zone: config.time_zone,
    updated_at: isoTime(latestUpdate(snapshot)),
  };
}

/** Groups become group components listing their children, as in Statuspage. */
function v2Components(snapshot: StatusSnapshot): V2Component[] {
  const { content, componentStatus } = snapshot;
  const pageId = content.config.organization_id;
  const created = isoTime(
    Math.min(latestUpdate(snapshot), ...snapshot.incidents.map((s) => s.incident.startedAt)),
  );
  const changed = new Map<string, number>();
  for (const state of snapshot.incidents) {
    for (const id of Object.keys(state.incident.components)) {
      changed.set(id, Math.max(changed.get(id) ?? 0, state.latest.time));
    }
  }
  const leaf = (component: SiteContent['components'][number], position: number): V2Component => ({
    id: component.id,
    name: component.name,
    status: componentStatus.get(component.id) ?? 'operational',
    created_at: component.startDate === null ? created : `${component.startDate}T00:00:00Z`,
    updated_at: isoTime(changed.get(component.id) ?? Date.parse(created)),
    position,
    description: component.description === '' ? null : component.description,
    showcase: true,
    start_date: component.startDate,
    group_id: component.group,
    page_id: pageId,
    group: false,
    only_show_if_degraded: component.hiddenUnlessDegraded,
  });
  const groups = content.groups.map((group, index): V2Component => {
    const children = group.components.map((component, position) => leaf(component, position + 1));
    return {
      id: group.id,
      name: group.name,
      status: children.map((child) => child.status).reduce(worseStatus, 'operational'),
      created_at: created,
      updated_at:
        children
          .map((child) => child.updated_at)
          .sort()
          .at(-1) ?? created,
      position: index + 1,
      description: group.description === '' ? null : group.description,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: pageId,
      group: true,
      only_show_if_degraded: false,
      components: children.map((child) => child.id),
    };
  });
  const leaves = [
    ...content.groups.flatMap((group) =>
      group.components.map((component, position) => leaf(component, position + 1)),
    ),
    ...content.ungrouped.map((component, index) =>
      leaf(component, content.groups.length + index + 1),
    ),
  ];
  return [...groups, ...leaves];
}

function v2Incident(state: IncidentState, content: SiteContent, related: Related): V2Incident {
  const { incident } = state;
  const { pick, name, pageId } = related;
  let previous: Readonly<Record<string, ComponentStatus>> = {};
  const updates = state.updates.map((update) => {
    // A resolved incident returns its components to operational, as Statuspage does.
    const now: Record<string, ComponentStatus> =
      update.status === 'resolved'
        ? Object.fromEntries(
            Object.keys(update.components).map((id) => [id, 'operational' as const]),
          )
        : { ...update.components };
    const affected = Object.entries(now).map(([id, status]) => ({
      code: id,
      name: name(id),
      old_status: previous[id] ?? 'operational',
      new_status: status,
    }));
    previous = now;
    return v2Update(
      `${incident.id}-${update.at}`,
      update.status,
      update.message.markdown,
      incident.id,
      update.time,
      affected,
      update.notify,
    );
  });
  const monitoring = state.updates.find((update) => update.status === 'monitoring');
  return {
    id: incident.id,
    name: incident.title,
    status: state.status,
    created_at: isoTime(state.updates[0]?.time ?? incident.startedAt),
    updated_at: isoTime(state.latest.time),
    monitoring_at: monitoring ? isoTime(monitoring.time) : null,
    resolved_at: state.resolvedAt === null ? null : isoTime(state.resolvedAt),
    impact: incident.impact,
    shortlink: absoluteUrl(content.config, `incidents/${incident.id}/`),
    started_at: isoTime(incident.startedAt),
    page_id: pageId,
    incident_updates: updates.reverse(),
    components: pick(Object.keys(incident.components)),
  };
}

function v2Maintenance(
  state: MaintenanceState,
  content: SiteContent,
  related: Related,
): V2Maintenance {
  const { maintenance } = state;
  const { pick, name, pageId } = related;
  const during = (status: string): ComponentStatus =>
    status === 'in_progress' || status === 'verifying' ? 'under_maintenance' : 'operational';
  const updates = state.updates.map((update, index) => {
    const before = during(state.updates[index - 1]?.status ?? 'scheduled');
    const affected = maintenance.components.map((id) => ({
      code: id,
      name: name(id),
      old_status: before,
      new_status: during(update.status),
    }));
    return v2Update(
      `${maintenance.id}-${update.at}`,
      update.status,
      update.message.markdown,
      maintenance.id,
      update.time,
      affected,
      update.notify,
    );
  });
  const latest = state.updates.at(-1);
  return {
    id: maintenance.id,
    name: maintenance.title,
    status: state.status,
    created_at: isoTime(state.updates[0]?.time ?? maintenance.scheduledFor),
    updated_at: isoTime(latest?.time ?? maintenance.scheduledFor),
    monitoring_at: null,
    resolved_at: state.completedAt === null ? null : isoTime(state.completedAt),
    impact: 'maintenance',
    shortlink: absoluteUrl(content.config, `maintenance/${maintenance.id}/`),
    started_at: isoTime(state.startedAt ?? maintenance.scheduledFor),
    page_id: pageId,
    incident_updates: updates.reverse(),
    components: pick(maintenance.components),
    scheduled_for: isoTime(maintenance.scheduledFor),
    scheduled_until: isoTime(maintenance.scheduledUntil),
  };
}

function v2Update(
  id: string,
  status: string,
  body: string,
  incidentId: string,
  time: number,
  affected: V2AffectedComponent[],
  notify: boolean,
): V2IncidentUpdate {
  const at = isoTime(time);
  return {
    id,
    status,
    body,
    incident_id: incidentId,
    created_at: at,
    updated_at: at,
    display_at: at,
    affected_components: affected,
    deliver_notifications: notify,
    custom_tweet: null,
    tweet_id: null,
  };
}
