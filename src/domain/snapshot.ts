import { lastDays } from './days.ts';
import type { ComponentStatus, SiteContent } from './model.ts';
import {
  componentStatuses,
  incidentState,
  isMaintenanceActive,
  maintenanceState,
  overallStatus,
  type IncidentState,
  type MaintenanceState,
  type OverallStatus,
} from './status.ts';
import {
  capIncidents,
  incidentsByDay,
  incidentsByMonth,
  type IncidentsInMonth,
  type IncidentsOnDay,
} from './timeline.ts';
import { computeUptime, type ComponentUptime } from './uptime.ts';

/** How many days the uptime bars and the home page's recent history cover. */
export const UPTIME_DAYS = 90;
export const RECENT_DAYS = 14;
/** At most this many incidents on the home page; busier days link to the history instead. */
export const RECENT_INCIDENTS_MAX = 25;

/**
 * Everything derived from the content at one instant. Computed once per build (never per page),
 * in time linear in the number of incidents.
 */
export interface StatusSnapshot {
  readonly content: SiteContent;
  /** The instant the status is computed for (the build time, or `STATUSMARK_NOW`). */
  readonly now: number;
  /** Incidents published by now, newest first. */
  readonly incidents: readonly IncidentState[];
  /** Unresolved incidents, newest first. */
  readonly openIncidents: readonly IncidentState[];
  /** Maintenance windows announced by now, newest scheduled first. */
  readonly maintenances: readonly MaintenanceState[];
  /** In progress or verifying, soonest ending first. */
  readonly activeMaintenances: readonly MaintenanceState[];
  /** Scheduled and not started, soonest first. */
  readonly upcomingMaintenances: readonly MaintenanceState[];
  readonly componentStatus: ReadonlyMap<string, ComponentStatus>;
  readonly overall: OverallStatus;
  /** Per component, the last UPTIME_DAYS days. */
  readonly uptime: ReadonlyMap<string, ComponentUptime>;
  /** The last RECENT_DAYS days, newest first. */
  readonly recentDays: readonly IncidentsOnDay[];
  /** Every month since the first incident, newest first. */
  readonly months: readonly IncidentsInMonth[];
}

export function computeSnapshot(content: SiteContent, now: number): StatusSnapshot {
  const zone = content.config.time_zone;
  const incidents = content.incidents.flatMap((incident) => incidentState(incident, now) ?? []);
  const maintenances = content.maintenances.flatMap(
    (window) => maintenanceState(window, now) ?? [],
  );
  const componentStatus = componentStatuses(
    content.components.map((component) => component.id),
    incidents,
    maintenances,
  );
  const uptimeDays = lastDays(now, UPTIME_DAYS, zone);
  return {
    content,
    now,
    incidents,
    openIncidents: incidents.filter((state) => state.resolvedAt === null),
    maintenances,
    activeMaintenances: maintenances
      .filter(isMaintenanceActive)
      .sort((a, b) => a.maintenance.scheduledUntil - b.maintenance.scheduledUntil),
    upcomingMaintenances: maintenances
      .filter((state) => state.status === 'scheduled')
      .sort((a, b) => a.maintenance.scheduledFor - b.maintenance.scheduledFor),
    componentStatus,
    overall: overallStatus(componentStatus, incidents, maintenances),
    uptime: computeUptime(content.components, incidents, maintenances, uptimeDays, now, zone),
    recentDays: capIncidents(
      incidentsByDay(incidents, uptimeDays.slice(-RECENT_DAYS), zone),
      RECENT_INCIDENTS_MAX,
    ),
    months: incidentsByMonth(incidents, now, zone),
  };
}
