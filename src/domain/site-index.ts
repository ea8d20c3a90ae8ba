import type { Component } from './model.ts';
import type { StatusSnapshot } from './snapshot.ts';
import type { IncidentState, MaintenanceState } from './status.ts';
import type { IncidentsInMonth } from './timeline.ts';

/** How many incidents one page of a component's history lists. */
export const INCIDENTS_PER_COMPONENT_PAGE = 20;

/**
 * One page of the history archive: at most this many incidents, and at most this many months
 * (quiet months take a line each), so no page grows with the history. A month with more
 * incidents than fit continues on the next page under the same heading.
 */
export const HISTORY_PAGE = { incidents: 50, months: 12 } as const;

/** How many past maintenance windows one page of `/maintenance/` lists. */
export const PAST_MAINTENANCE_PER_PAGE = 50;

/** Lookups every page needs, built once from the snapshot in one pass over the incidents. */
export interface SiteIndex {
  readonly snapshot: StatusSnapshot;
  readonly componentById: ReadonlyMap<string, Component>;
  /** A component's name for display (its id if unknown, which validation rules out). */
  readonly componentName: (id: string) => string;
  /** An incident's title by id (the id itself if there is no such incident). */
  readonly incidentTitle: (id: string) => string;
  readonly incidentById: ReadonlyMap<string, IncidentState>;
  /** Per component, the incidents that ever affected it, newest first. */
  readonly incidentsByComponent: ReadonlyMap<string, readonly IncidentState[]>;
  /** The history archive in pages of HISTORY_PAGE, newest first. */
  readonly historyPages: readonly (readonly HistoryMonth[])[];
  /** Completed maintenance windows in pages of PAST_MAINTENANCE_PER_PAGE, newest first. */
  readonly pastMaintenancePages: readonly (readonly MaintenanceState[])[];
}

export function indexSnapshot(snapshot: StatusSnapshot): SiteIndex {
  const incidentsByComponent = new Map<string, IncidentState[]>(
    snapshot.content.components.map((component) => [component.id, []]),
  );
  for (const state of snapshot.incidents) {
    for (const id of Object.keys(state.incident.components))
      incidentsByComponent.get(id)?.push(state);
  }
  const historyPages = pageHistory(snapshot.months, HISTORY_PAGE);
  const componentById = new Map(
    snapshot.content.components.map((component) => [component.id, component]),
  );
  const incidentById = new Map(snapshot.incidents.map((state) => [state.incident.id, state]));
  return {
    snapshot,
    componentById,
    componentName: (id) => componentById.get(id)?.name ?? id,
    incidentTitle: (id) => incidentById.get(id)?.incident.title ?? id,
    incidentById,
    incidentsByComponent,
    historyPages,
    pastMaintenancePages: chunk(
      snapshot.maintenances.filter((state) => state.status === 'completed'),
      PAST_MAINTENANCE_PER_PAGE,
    ),
  };
}

/** `items` in order, cut into runs of `size`; none when there are no items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    runs.push(items.slice(start, start + size));
  }
  return runs;
}

/** A month on a page of the archive; `continued` when its first incidents are on the page before. */
export interface HistoryMonth extends IncidentsInMonth {
  readonly continued: boolean;
}

/** Months, newest first, cut into pages of at most `limit.incidents` and `limit.months`. */
export function pageHistory(
  months: readonly IncidentsInMonth[],
  limit: { readonly incidents: number; readonly months: number },
): HistoryMonth[][] {
  const pages: HistoryMonth[][] = [];
  let page: HistoryMonth[] = [];
  let room = limit.incidents;
  const turn = () => {
    pages.push(page);
    page = [];
    room = limit.incidents;
  };
  for (const month of months) {
    let rest = month.incidents;
    let continued = false;
    do {
      if (page.length === limit.months || (room === 0 && rest.length > 0)) turn();
      const part = rest.slice(0, room);
      page.push({ month: month.month, incidents: part, continued });
      continued = true;
      room -= part.length;
      rest = rest.slice(part.length);
    } while (rest.length > 0);
  }
  if (page.length > 0) pages.push(page);
  return pages;
}
