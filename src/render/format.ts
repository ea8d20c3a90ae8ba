import { DateTime } from 'luxon';
import type {
  ComponentStatus,
  Impact,
  IncidentStatus,
  MaintenanceStatus,
} from '../domain/model.ts';

/** `23 Nov 2026, 08:40 UTC`: every time a visitor reads carries its zone. */
export function formatTime(time: number, zone: string): string {
  const local = DateTime.fromMillis(time, { zone });
  return `${local.toFormat('d LLL yyyy, HH:mm')} ${zoneLabel(local)}`;
}

/** `08:40 UTC`, for times on a day already named. */
export function formatClock(time: number, zone: string): string {
  const local = DateTime.fromMillis(time, { zone });
  return `${local.toFormat('HH:mm')} ${zoneLabel(local)}`;
}

/**
 * `29 Nov 2026, 01:00–03:00 UTC` within one day, else both times in full: a range reads as one
 * date when it is one.
 */
export function formatRange(start: number, end: number, zone: string): string {
  const from = DateTime.fromMillis(start, { zone });
  const to = DateTime.fromMillis(end, { zone });
  if (from.hasSame(to, 'day')) {
    return `${from.toFormat('d LLL yyyy, HH:mm')}–${to.toFormat('HH:mm')} ${zoneLabel(to)}`;
  }
  return `${formatTime(start, zone)} – ${formatTime(end, zone)}`;
}

/**
 * `Eastern Time (New York)` for `America/New_York`, `UTC` for UTC: the zone as a visitor
 * knows it, not as a database names it.
 */
export function describeZone(zone: string, now: number): string {
  if (DateTime.fromMillis(now, { zone }).zoneName === 'UTC') return 'UTC';
  const generic = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longGeneric' })
    .formatToParts(now)
    .find((part) => part.type === 'timeZoneName')?.value;
  const city = zone.split('/').at(-1)?.replaceAll('_', ' ') ?? zone;
  return generic === undefined || generic.startsWith('GMT')
    ? `${city} time`
    : `${generic} (${city})`;
}

/** `2026-11-23T08:40:00Z`: the machine-readable value of a `<time datetime>`. */
export function isoTime(time: number): string {
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

/** `23 Nov 2026` for a `YYYY-MM-DD` day. */
export function formatDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).toFormat('d LLL yyyy');
}

/** `November 2026` for a `YYYY-MM` month. */
export function formatMonth(month: string): string {
  return DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).toFormat('LLLL yyyy');
}

function zoneLabel(local: DateTime): string {
  return local.zoneName === 'UTC' ? 'UTC' : local.toFormat('ZZZZ');
}

/** `45 min`, `2 h 10 min`, `3 days 4 h`: how long, to the minute. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0)
    return hours > 0
      ? `${days} ${days === 1 ? 'day' : 'days'} ${hours} h`
      : `${days} ${days === 1 ? 'day' : 'days'}`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/** `99.97%`, rounded down so a bad day never shows as 100%. */
export function formatPercent(uptime: number | null): string {
  if (uptime === null) return 'No data';
  return `${(Math.floor(uptime * 10_000) / 100).toFixed(2)}%`;
}

export const COMPONENT_STATUS_LABEL: Readonly<Record<ComponentStatus, string>> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

export const STATUS_LABEL: Readonly<Record<IncidentStatus | MaintenanceStatus, string>> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export const IMPACT_LABEL: Readonly<Record<Impact, string>> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};

/** `/status` + `incidents/x/` → `/status/incidents/x/`; works with a base of `/` too. */
export function joinBase(base: string, path: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return `${prefix}${path.replace(/^\/+/, '')}`;
}

/** The absolute URL of a path inside the site: the configured URL, base path, then the path. */
export function absoluteUrl(site: { url: string; base: string }, path: string): string {
  return new URL(joinBase(site.base, path), site.url).href;
}

/** `update-20260220T100200Z`: the anchor of one update on its incident page. */
export function updateAnchor(time: number): string {
  return `update-${isoTime(time).replace(/[-:]/g, '')}`;
}
