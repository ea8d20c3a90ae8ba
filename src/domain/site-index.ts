import type { Component } from './model.ts';
import type { StatusSnapshot } from './snapshot.ts';
import type { IncidentState } from './status.ts';
import type { IncidentsInMonth } from './timeline.ts';

/** How many incidents one page of a component's history lists. */
export const INCIDENTS_PER_COMPONENT_PAGE = 20;

/** How many months one page of the history archive shows. */
export const MONTHS_PER_HISTORY_PAGE = 3;

/** Lookups every page needs, built once from the snapshot in one pass over the incidents. */
export interface SiteIndex {
  readonly snapshot: StatusSnapshot;
  readonly componentById: ReadonlyMap<string, Component>;
  /** A component's name for display (its id if unknown, which validation rules out). */
  readonly componentName: (id: string) => string;
  readonly incidentById: ReadonlyMap<string, IncidentState>;
  /** Per component, the incidents that ever affected it, newest first. */
  readonly incidentsByComponent: ReadonlyMap<string, readonly IncidentState[]>;
  /** The history archive, MONTHS_PER_HISTORY_PAGE months a page, newest first. */
  readonly historyPages: readonly (readonly IncidentsInMonth[])[];
}

export function indexSnapshot(snapshot: StatusSnapshot): SiteIndex {
  const incidentsByComponent = new Map<string, IncidentState[]>(
    snapshot.content.components.map((component) => [component.id, []]),
  );
  for (const state of snapshot.incidents) {
    for (const id of Object.keys(state.incident.components))
      incidentsByComponent.get(id)?.push(state);
  }
  const historyPages: IncidentsInMonth[][] = [];
  for (let start = 0; start < snapshot.months.length; start += MONTHS_PER_HISTORY_PAGE) {
    historyPages.push(snapshot.months.slice(start, start + MONTHS_PER_HISTORY_PAGE));
  }
  const componentById = new Map(
    snapshot.content.components.map((component) => [component.id, component]),
  );
  return {
    snapshot,
    componentById,
    componentName: (id) => componentById.get(id)?.name ?? id,
    incidentById: new Map(snapshot.incidents.map((state) => [state.incident.id, state])),
    incidentsByComponent,
    historyPages,
  };
}
