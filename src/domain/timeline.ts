import { dateIn, monthIn, monthsBetween, type Day } from './days.ts';
import type { IncidentState } from './status.ts';

export interface IncidentsOnDay {
  /** `YYYY-MM-DD` in the site's zone. */
  readonly date: string;
  /** Incidents that started that day, newest first; empty for a quiet day. */
  readonly incidents: readonly IncidentState[];
  /** Incidents of that day left out to keep the list short (see `capIncidents`). */
  readonly more: number;
}

export interface IncidentsInMonth {
  /** `YYYY-MM` in the site's zone. */
  readonly month: string;
  /** Incidents that started that month, newest first; empty for a quiet month. */
  readonly incidents: readonly IncidentState[];
}

/**
 * Each of `days`, newest first, with the incidents that started on it (quiet days included,
 * as status pages show "No incidents reported"). `incidents` must be newest first.
 */
export function incidentsByDay(
  incidents: readonly IncidentState[],
  days: readonly Day[],
  zone: string,
): IncidentsOnDay[] {
  const byDate = groupBy(incidents, (state) => dateIn(state.incident.startedAt, zone));
  return [...days]
    .reverse()
    .map((day) => ({ date: day.date, incidents: byDate.get(day.date) ?? [], more: 0 }));
}

/**
 * Keeps the newest `limit` incidents across the days, newest day first, and counts the rest per
 * day: the home page then stays the same size however busy the last days were.
 */
export function capIncidents(days: readonly IncidentsOnDay[], limit: number): IncidentsOnDay[] {
  let left = limit;
  return days.map((day) => {
    const shown = day.incidents.slice(0, Math.max(0, left));
    left -= shown.length;
    return { ...day, incidents: shown, more: day.more + day.incidents.length - shown.length };
  });
}

/**
 * Every month from the oldest incident's to the current one, newest first, with the incidents
 * that started in it (quiet months included). `incidents` must be newest first.
 */
export function incidentsByMonth(
  incidents: readonly IncidentState[],
  now: number,
  zone: string,
): IncidentsInMonth[] {
  const oldest = incidents.at(-1);
  if (!oldest) return [];
  const byMonth = groupBy(incidents, (state) => monthIn(state.incident.startedAt, zone));
  return monthsBetween(oldest.incident.startedAt, now, zone).map((month) => ({
    month,
    incidents: byMonth.get(month) ?? [],
  }));
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
