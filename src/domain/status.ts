import { COMPONENT_STATUSES } from '../schema/common.ts';
import type {
  ComponentStatus,
  Impact,
  Incident,
  IncidentStatus,
  IncidentUpdate,
  Maintenance,
  MaintenanceStatus,
  MaintenanceUpdate,
} from './model.ts';

/** An incident as it stands at "now": only updates posted by then count. */
export interface IncidentState {
  readonly incident: Incident;
  /** The updates posted by now, oldest first; never empty. */
  readonly updates: readonly IncidentUpdate[];
  readonly latest: IncidentUpdate;
  readonly status: IncidentStatus;
  /** When the resolving update was posted, or null while open. */
  readonly resolvedAt: number | null;
  /** From start to resolution, or to now while open. */
  readonly durationMs: number;
}

/** The state of an incident at `now`, or null when its first update is still in the future. */
export function incidentState(incident: Incident, now: number): IncidentState | null {
  const updates = incident.updates.filter((update) => update.time <= now);
  const latest = updates.at(-1);
  if (!latest) return null;
  const resolvedAt = latest.status === 'resolved' ? latest.time : null;
  return {
    incident,
    updates,
    latest,
    status: latest.status,
    resolvedAt,
    durationMs: Math.max(0, (resolvedAt ?? now) - incident.startedAt),
  };
}

/**
 * The components to show for an incident: their latest statuses while it is open; once
 * resolved, the statuses it gave them (the latest would say little after recovery).
 */
export function shownComponents(state: IncidentState): Readonly<Record<string, ComponentStatus>> {
  return state.resolvedAt === null ? state.latest.components : state.incident.components;
}

/** A maintenance window as it stands at "now", once announced. */
export interface MaintenanceState {
  readonly maintenance: Maintenance;
  /** The updates posted by now, oldest first; never empty. */
  readonly updates: readonly MaintenanceUpdate[];
  readonly status: MaintenanceStatus;
  /** When the work actually started (the first in-progress update), or null before. */
  readonly startedAt: number | null;
  /** When it actually ended (the completing update), or null before. */
  readonly completedAt: number | null;
}

/**
 * A window's status follows the clock (scheduled → in_progress at `scheduled_for` → completed at
 * `scheduled_until`) unless an update says otherwise: `completed` ends it early; `in_progress` or
 * `verifying` start it early or mark its last phase. Past `scheduled_until` it is completed; to
 * extend a window, move `scheduled_until`.
 */
export function maintenanceState(maintenance: Maintenance, now: number): MaintenanceState | null {
  const updates = maintenance.updates.filter((update) => update.time <= now);
  // Like an incident, a window is published by its first update, not before.
  if (updates.length === 0) return null;
  const said = updates.at(-1)?.status;
  let status: MaintenanceStatus;
  if (said === 'completed' || now >= maintenance.scheduledUntil) status = 'completed';
  else if (said === 'in_progress' || said === 'verifying') status = said;
  else status = now >= maintenance.scheduledFor ? 'in_progress' : 'scheduled';
  const first = (wanted: readonly MaintenanceStatus[]) =>
    updates.find((update) => wanted.includes(update.status))?.time ?? null;
  const completedAt =
    first(['completed']) ?? (status === 'completed' ? maintenance.scheduledUntil : null);
  const startedAt =
    first(['in_progress', 'verifying']) ??
    (status === 'scheduled' ? null : Math.min(maintenance.scheduledFor, completedAt ?? Infinity));
  return { maintenance, updates, status, startedAt, completedAt };
}

export function isMaintenanceActive(state: MaintenanceState): boolean {
  return state.status === 'in_progress' || state.status === 'verifying';
}

const SEVERITY: Readonly<Record<ComponentStatus, number>> = Object.fromEntries(
  COMPONENT_STATUSES.map((status, index) => [status, index]),
) as Record<ComponentStatus, number>;

/** The worse of two statuses: major > partial > degraded > maintenance > operational. */
export function worseStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * Each component's status now: the worst over the latest statuses of open incidents and
 * active maintenance windows; operational otherwise.
 */
export function componentStatuses(
  componentIds: readonly string[],
  incidents: readonly IncidentState[],
  maintenances: readonly MaintenanceState[],
): Map<string, ComponentStatus> {
  const statuses = new Map<string, ComponentStatus>(componentIds.map((id) => [id, 'operational']));
  const raise = (id: string, status: ComponentStatus) => {
    const current = statuses.get(id);
    if (current !== undefined) statuses.set(id, worseStatus(current, status));
  };
  for (const state of incidents) {
    if (state.resolvedAt !== null) continue;
    for (const [id, status] of Object.entries(state.latest.components)) raise(id, status);
  }
  for (const state of maintenances) {
    if (!isMaintenanceActive(state)) continue;
    for (const id of state.maintenance.components) raise(id, 'under_maintenance');
  }
  return statuses;
}

export type Indicator = Impact | 'maintenance';

export interface OverallStatus {
  readonly indicator: Indicator;
  readonly description: string;
}

/** Statuspage's wording for each indicator. */
export const INDICATOR_DESCRIPTIONS: Readonly<Record<Indicator, string>> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
  maintenance: 'Service Under Maintenance',
};

const IMPACT_RANK: Readonly<Record<Impact, number>> = { none: 0, minor: 1, major: 2, critical: 3 };

const IMPACT_OF_STATUS: Readonly<Record<ComponentStatus, Impact>> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

/**
 * The page-wide indicator (Statuspage semantics): the worst of open incidents' impacts and of
 * component statuses (degraded → minor, partial outage → major, major outage → critical); when
 * that is none but maintenance is in progress, `maintenance`.
 */
export function overallStatus(
  componentStatus: ReadonlyMap<string, ComponentStatus>,
  incidents: readonly IncidentState[],
  maintenances: readonly MaintenanceState[],
): OverallStatus {
  const impacts = [
    ...incidents.filter((state) => state.resolvedAt === null).map((state) => state.incident.impact),
    ...[...componentStatus.values()].map((status) => IMPACT_OF_STATUS[status]),
  ];
  const worst = impacts.reduce<Impact>((a, b) => (IMPACT_RANK[b] > IMPACT_RANK[a] ? b : a), 'none');
  const indicator: Indicator =
    worst === 'none' && maintenances.some(isMaintenanceActive) ? 'maintenance' : worst;
  return { indicator, description: INDICATOR_DESCRIPTIONS[indicator] };
}
