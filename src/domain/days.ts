import { DateTime } from 'luxon';

/** A calendar day in the site's time zone, as the half-open span [start, end) of instants. */
export interface Day {
  /** `YYYY-MM-DD` in the zone. */
  readonly date: string;
  readonly start: number;
  readonly end: number;
}

/** The `count` days ending with the day that contains `now`, oldest first. */
export function lastDays(now: number, count: number, zone: string): Day[] {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const days: Day[] = [];
  for (let back = count - 1; back >= 0; back--) {
    // DST days are 23 or 25 hours long, so each day's end is the next day's start, not +24h.
    const start = today.minus({ days: back });
    days.push({
      date: start.toISODate() ?? '',
      start: start.toMillis(),
      end: start.plus({ days: 1 }).toMillis(),
    });
  }
  return days;
}

/** `YYYY-MM-DD` of an instant in the zone. */
export function dateIn(time: number, zone: string): string {
  return DateTime.fromMillis(time, { zone }).toISODate() ?? '';
}

/** `YYYY-MM` of an instant in the zone. */
export function monthIn(time: number, zone: string): string {
  return DateTime.fromMillis(time, { zone }).toFormat('yyyy-MM');
}

/** The first instant of a `YYYY-MM-DD` day in the zone. */
export function startOfDate(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
}

/** The months from `from` to `to` inclusive, newest first, as `YYYY-MM`. */
export function monthsBetween(from: number, to: number, zone: string): string[] {
  const first = DateTime.fromMillis(from, { zone }).startOf('month');
  const months: string[] = [];
  for (let month = DateTime.fromMillis(to, { zone }).startOf('month'); month >= first;) {
    months.push(month.toFormat('yyyy-MM'));
    month = month.minus({ months: 1 });
  }
  return months;
}
