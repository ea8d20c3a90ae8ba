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
  /** The history archive in pages of HISTORY_PAGE, newest first (see pageHistory). */
  readonly historyPages: readonly (readonly HistoryMonth[])[];
  /** Per component, its incidents in pages of INCIDENTS_PER_COMPONENT_PAGE (pageFromOldest). */
  readonly componentPages: ReadonlyMap<string, readonly (readonly IncidentState[])[]>;
  /** Completed maintenance windows in pages of PAST_MAINTENANCE_PER_PAGE (pageFromOldest). */
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
    componentPages: new Map(
      [...incidentsByComponent].map(([id, states]) => [
        id,
        pageFromOldest(states, INCIDENTS_PER_COMPONENT_PAGE),
      ]),
    ),
    pastMaintenancePages: pageFromOldest(
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

/**
 * Months, newest first, as the pages of the history archive, newest first. Pages are cut from
 * the oldest month on, each of at most `limit.incidents` and `limit.months`, so a page once
 * cut never changes as the history grows: a new incident changes the first page alone, where
 * cutting from the newest moved every incident of the archive one place on, to be rendered
 * again on every page. The first page joins the two newest cuts, so it never shows a lone
 * incident: it holds up to twice the limits.
 */
export function pageHistory(
  months: readonly IncidentsInMonth[],
  limit: { readonly incidents: number; readonly months: number },
): HistoryMonth[][] {
  const cuts = cutMonths(
    [...months].reverse().map((month) => ({
      month: month.month,
      incidents: [...month.incidents].reverse(),
    })),
    limit,
  );
  const newest = cuts.splice(-2, 2);
  if (newest.length > 0) cuts.push(joinCuts(newest.flat()));
  // Newest first again; a month is `continued` where its newer incidents are on a newer page.
  return cuts
    .map((cut, index) =>
      cut
        .map((month) => ({
          month: month.month,
          incidents: [...month.incidents].reverse(),
          continued: cuts[index + 1]?.[0]?.month === month.month,
        }))
        .reverse(),
    )
    .reverse();
}

/** Months, oldest first, cut into runs of at most `limit.incidents` and `limit.months`. */
function cutMonths(
  months: readonly IncidentsInMonth[],
  limit: { readonly incidents: number; readonly months: number },
): IncidentsInMonth[][] {
  const cuts: IncidentsInMonth[][] = [];
  let cut: IncidentsInMonth[] = [];
  let room = limit.incidents;
  const turn = () => {
    cuts.push(cut);
    cut = [];
    room = limit.incidents;
  };
  for (const month of months) {
    let rest = month.incidents;
    do {
      if (cut.length === limit.months || (room === 0 && rest.length > 0)) turn();
      const part = rest.slice(0, room);
      cut.push({ month: month.month, incidents: part });
      room -= part.length;
      rest = rest.slice(part.length);
    } while (rest.length > 0);
  }
  if (cut.length > 0) cuts.push(cut);
  return cuts;
}

/** Consecutive runs of months, oldest first, as one: a month cut in two is whole again. */
function joinCuts(months: readonly IncidentsInMonth[]): IncidentsInMonth[] {
  const joined: IncidentsInMonth[] = [];
  for (const month of months) {
    const last = joined.at(-1);
    if (last?.month === month.month) {
      joined[joined.length - 1] = {
        month: month.month,
        incidents: [...last.incidents, ...month.incidents],
      };
    } else {
      joined.push(month);
    }
  }
  return joined;
}

/**
 * `items`, newest first, as pages, newest first: cut every `size` from the oldest, so a page
 * once cut keeps its items as newer ones are added, with the two newest cuts joined as the
 * first page (up to twice `size`). None when there are no items.
 */
export function pageFromOldest<T>(items: readonly T[], size: number): T[][] {
  const cuts = chunk([...items].reverse(), size);
  const newest = cuts.splice(-2, 2);
  if (newest.length > 0) cuts.push(newest.flat());
  return cuts.map((cut) => cut.reverse()).reverse();
}

/**
 * A page of an archive cut from the oldest: its number, stable as the archive grows (1 is the
 * oldest page; 0 the first, newest one, at the archive's own address), and its neighbours'.
 */
export interface ArchivePage<T> {
  readonly items: T;
  readonly number: number;
  /** The next newer page (0: the first), or null on the first. */
  readonly newer: number | null;
  /** The next older page, or null on the oldest. */
  readonly older: number | null;
}

/** Pages, newest first, numbered as an archive (see ArchivePage); one empty page when none. */
export function numberArchive<T>(pages: readonly T[], empty: T): ArchivePage<T>[] {
  const all = pages.length > 0 ? pages : [empty];
  const numberAt = (index: number) => (index === 0 ? 0 : all.length - index);
  return all.map((items, index) => ({
    items,
    number: numberAt(index),
    newer: index === 0 ? null : numberAt(index - 1),
    older: index === all.length - 1 ? null : numberAt(index + 1),
  }));
}
