import type { ComponentStatus, Component } from './model.ts';
import { startOfDate, type Day } from './days.ts';
import { worseStatus, type IncidentState, type MaintenanceState } from './status.ts';

/**
 * Downtime weights (the Statuspage rule): a major outage counts fully, a partial outage at 0.3,
 * degraded performance and maintenance not at all.
 */
export const DOWNTIME_WEIGHT: Readonly<Record<ComponentStatus, number>> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export interface UptimeDay {
  readonly date: string;
  /** 0..1, or null when the component did not exist yet (before its `start_date`). */
  readonly uptime: number | null;
  /** Time spent in a major outage that day (overlapping incidents counted once). */
  readonly majorOutageMs: number;
  /** Time spent in a partial outage (and no major outage) that day. */
  readonly partialOutageMs: number;
  /** Time spent under maintenance that day (not downtime). */
  readonly maintenanceMs: number;
  /** How much of the day was measured (0 before the component existed, less today). */
  readonly measuredMs: number;
  /**
   * The worst status any incident gave the component that day, or under_maintenance for a day
   * with maintenance and no incident; operational when neither.
   */
  readonly worst: ComponentStatus;
  /** Ids of the incidents that affected the component that day, newest first. */
  readonly incidents: readonly string[];
  /** Ids of the maintenance windows that had it under maintenance that day. */
  readonly maintenances: readonly string[];
}

export interface ComponentUptime {
  /** Oldest first, one per day of the window. */
  readonly days: readonly UptimeDay[];
  /** Over the days with data, 0..1; null when no day has data. */
  readonly uptime: number | null;
}

/** A stretch of time in which one incident held a component at one status. */
interface Segment {
  readonly start: number;
  readonly end: number;
  readonly status: ComponentStatus;
  readonly incident: string;
}

/**
 * Uptime per component per day over `days`, from incident timelines up to `now`. Time with
 * several incidents at once counts at the worst status among them, never twice. Linear in the
 * number of updates (plus a sort of each component's segments).
 *
 * A component's history starts at its `start_date`; without one, where the content first
 * shows it (its file's first commit, or an earlier incident that affected it), else today:
 * never days of invented 100 %.
 */
export function computeUptime(
  components: readonly Component[],
  incidents: readonly IncidentState[],
  maintenances: readonly MaintenanceState[],
  days: readonly Day[],
  now: number,
  zone: string,
): Map<string, ComponentUptime> {
  const windowStart = days[0]?.start ?? now;
  const today = days.at(-1)?.start ?? now;
  const segments = segmentsByComponent(incidents, windowStart, now);
  const earliest = earliestIncidentStart(incidents);
  const works = maintenanceByComponent(maintenances, now);
  return new Map(
    components.map((component) => {
      const liveFrom =
        component.startDate !== null
          ? startOfDate(component.startDate, zone)
          : Math.min(component.firstSeen ?? today, earliest.get(component.id) ?? Infinity);
      return [
        component.id,
        uptimeOf(
          segments.get(component.id) ?? [],
          works.get(component.id) ?? [],
          days,
          Math.max(liveFrom, windowStart),
          now,
        ),
      ];
    }),
  );
}

/** The start of the first incident that touched each component: it existed then. */
function earliestIncidentStart(incidents: readonly IncidentState[]): Map<string, number> {
  const earliest = new Map<string, number>();
  for (const { incident } of incidents) {
    for (const id of Object.keys(incident.components)) {
      earliest.set(id, Math.min(earliest.get(id) ?? Infinity, incident.startedAt));
    }
  }
  return earliest;
}

/** The stretches each component spent under maintenance: from the real start to the end. */
function maintenanceByComponent(
  maintenances: readonly MaintenanceState[],
  now: number,
): Map<string, Segment[]> {
  const byComponent = new Map<string, Segment[]>();
  for (const state of maintenances) {
    if (state.startedAt === null) continue;
    const end = state.completedAt ?? now;
    for (const id of state.maintenance.components) {
      const list = byComponent.get(id) ?? [];
      list.push({
        start: state.startedAt,
        end,
        status: 'under_maintenance',
        incident: state.maintenance.id,
      });
      byComponent.set(id, list);
    }
  }
  return byComponent;
}

function segmentsByComponent(
  incidents: readonly IncidentState[],
  windowStart: number,
  now: number,
): Map<string, Segment[]> {
  const byComponent = new Map<string, Segment[]>();
  for (const state of incidents) {
    const end = state.resolvedAt ?? now;
    if (end <= windowStart) continue;
    const { updates, incident } = state;
    updates.forEach((update, index) => {
      if (update.status === 'resolved') return;
      // The first update's statuses also cover a backdated start (`started_at`).
      const start = index === 0 ? incident.startedAt : update.time;
      const next = updates[index + 1]?.time ?? end;
      for (const [id, status] of Object.entries(update.components)) {
        if (status === 'operational') continue;
        const list = byComponent.get(id) ?? [];
        list.push({ start, end: next, status, incident: incident.id });
        byComponent.set(id, list);
      }
    });
  }
  return byComponent;
}

function uptimeOf(
  segments: readonly Segment[],
  works: readonly Segment[],
  days: readonly Day[],
  liveFrom: number,
  now: number,
): ComponentUptime {
  const measured = days.map((day) =>
    Math.max(0, Math.min(day.end, now) - Math.max(day.start, liveFrom)),
  );
  const major = days.map(() => 0);
  const partial = days.map(() => 0);
  const worst = days.map((): ComponentStatus => 'operational');
  const touched = days.map(() => new Set<string>());
  const maintained = days.map(() => 0);
  const windows = days.map(() => new Set<string>());
  for (const work of works) {
    forEachDay(days, work.start, work.end, (index, day) => {
      const overlap = Math.min(work.end, day.end, now) - Math.max(work.start, day.start, liveFrom);
      if (overlap <= 0) return;
      maintained[index] = (maintained[index] ?? 0) + overlap;
      windows[index]?.add(work.incident);
    });
  }

  for (const segment of segments) {
    forEachDay(days, segment.start, segment.end, (index) => {
      worst[index] = worseStatus(worst[index] ?? 'operational', segment.status);
      touched[index]?.add(segment.incident);
    });
  }
  for (const [start, end, weight] of worstWeightIntervals(segments)) {
    forEachDay(days, start, end, (index, day) => {
      const overlap = Math.min(end, day.end, now) - Math.max(start, day.start, liveFrom);
      if (overlap <= 0) return;
      if (weight === DOWNTIME_WEIGHT.major_outage) major[index] = (major[index] ?? 0) + overlap;
      else partial[index] = (partial[index] ?? 0) + overlap;
    });
  }

  let totalMeasured = 0;
  let totalDown = 0;
  const result = days.map((day, index): UptimeDay => {
    const span = measured[index] ?? 0;
    const down =
      (major[index] ?? 0) * DOWNTIME_WEIGHT.major_outage +
      (partial[index] ?? 0) * DOWNTIME_WEIGHT.partial_outage;
    totalMeasured += span;
    totalDown += down;
    return {
      date: day.date,
      uptime: span > 0 ? Math.max(0, 1 - down / span) : null,
      majorOutageMs: major[index] ?? 0,
      partialOutageMs: partial[index] ?? 0,
      maintenanceMs: maintained[index] ?? 0,
      measuredMs: span,
      worst:
        span <= 0
          ? 'operational'
          : (maintained[index] ?? 0) > 0
            ? worseStatus(worst[index] ?? 'operational', 'under_maintenance')
            : (worst[index] ?? 'operational'),
      incidents: [...(touched[index] ?? [])],
      maintenances: [...(windows[index] ?? [])],
    };
  });
  return { days: result, uptime: totalMeasured > 0 ? 1 - totalDown / totalMeasured : null };
}

/**
 * Sweeps the segments and yields maximal [start, end, weight] intervals where the worst
 * weight among the segments active at once is above zero.
 */
function worstWeightIntervals(segments: readonly Segment[]): [number, number, number][] {
  const events: [number, number, 1 | -1][] = [];
  for (const segment of segments) {
    const weight = DOWNTIME_WEIGHT[segment.status];
    if (weight === 0 || segment.end <= segment.start) continue;
    events.push([segment.start, weight, 1], [segment.end, weight, -1]);
  }
  events.sort((a, b) => a[0] - b[0]);
  const active = new Map<number, number>();
  const intervals: [number, number, number][] = [];
  let previous = 0;
  for (const [time, weight, delta] of events) {
    const current = Math.max(0, ...active.keys());
    if (current > 0 && time > previous) intervals.push([previous, time, current]);
    active.set(weight, (active.get(weight) ?? 0) + delta);
    if (active.get(weight) === 0) active.delete(weight);
    previous = time;
  }
  return intervals;
}

/** Calls `visit` for each day that [start, end) overlaps (days are sorted and contiguous). */
function forEachDay(
  days: readonly Day[],
  start: number,
  end: number,
  visit: (index: number, day: Day) => void,
): void {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((days[mid]?.end ?? 0) <= start) low = mid + 1;
    else high = mid;
  }
  for (let index = low; index < days.length; index++) {
    const day = days[index];
    if (!day || day.start >= end) break;
    visit(index, day);
  }
}
