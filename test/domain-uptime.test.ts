import { describe, expect, it } from 'vitest';
import { lastDays } from '../src/domain/days.ts';
import { incidentState, maintenanceState } from '../src/domain/status.ts';
import { computeUptime } from '../src/domain/uptime.ts';
import type { Component, Incident, Maintenance } from '../src/domain/model.ts';
import { at, component, DAY, HOUR, incident, maintenance } from './helpers/model.ts';

const NOW = '2026-03-10T12:00:00Z';

/** Uptime of `api` per day, for the days of the window (UTC unless given). */
function uptimeOf(
  incidents: Incident[],
  options: {
    zone?: string;
    components?: Component[];
    days?: number;
    maintenances?: Maintenance[];
  } = {},
) {
  const zone = options.zone ?? 'UTC';
  const now = at(NOW);
  const states = incidents.flatMap((entry) => incidentState(entry, now) ?? []);
  const windows = (options.maintenances ?? []).flatMap(
    (entry) => maintenanceState(entry, now) ?? [],
  );
  const days = lastDays(now, options.days ?? 10, zone);
  const result = computeUptime(
    options.components ?? [component('api', '2025-01-01')],
    states,
    windows,
    days,
    now,
    zone,
  );
  const api = result.get('api');
  if (!api) throw new Error('no uptime for api');
  return { api, byDate: new Map(api.days.map((day) => [day.date, day])) };
}

describe('where a component’s history starts', () => {
  const outage = incident('outage', 'major', [
    ['2026-03-05T10:00:00Z', 'investigating', { api: 'major_outage' }],
    ['2026-03-05T11:00:00Z', 'resolved'],
  ]);
  const withData = (days: readonly { date: string; uptime: number | null }[]) =>
    days.filter((day) => day.uptime !== null).map((day) => day.date);

  it('is the day of the build without start_date, git history or incidents', () => {
    const { api } = uptimeOf([], { components: [component('api')] });
    expect(withData(api.days)).toEqual(['2026-03-10']);
  });

  it('is the first commit of its file, or an earlier incident that affected it', () => {
    const seen = { ...component('api'), firstSeen: at('2026-03-07T15:00:00Z') };
    expect(withData(uptimeOf([], { components: [seen] }).api.days)[0]).toBe('2026-03-07');
    expect(withData(uptimeOf([outage], { components: [seen] }).api.days)[0]).toBe('2026-03-05');
  });
});

describe('uptime per component per day', () => {
  it('shows a day with maintenance as such, without counting it as downtime', () => {
    const work = maintenance('upgrade', ['api'], '2026-03-08T02:00:00Z', '2026-03-08T04:00:00Z', [
      ['2026-03-01T00:00:00Z', 'scheduled'],
    ]);
    const { byDate } = uptimeOf([], { maintenances: [work] });
    const day = byDate.get('2026-03-08');
    expect([day?.worst, day?.uptime, day?.maintenanceMs, day?.maintenances]).toEqual([
      'under_maintenance',
      1,
      2 * HOUR,
      ['upgrade'],
    ]);
  });

  it('is 100% on quiet days, and today counts only up to now', () => {
    const { api, byDate } = uptimeOf([]);
    expect(api.days).toHaveLength(10);
    expect(api.days.at(-1)?.date).toBe('2026-03-10');
    expect(byDate.get('2026-03-09')?.uptime).toBe(1);
    expect(api.uptime).toBe(1);
  });

  it('counts a major outage fully and a partial outage at 0.3, degraded not at all', () => {
    const outage = incident('outage', 'critical', [
      ['2026-03-05T10:00:00Z', 'investigating', { api: 'major_outage' }],
      ['2026-03-05T12:00:00Z', 'monitoring', { api: 'partial_outage' }],
      ['2026-03-05T16:00:00Z', 'monitoring', { api: 'degraded_performance' }],
      ['2026-03-05T20:00:00Z', 'resolved'],
    ]);
    const day = uptimeOf([outage]).byDate.get('2026-03-05');
    expect(day?.majorOutageMs).toBe(2 * HOUR);
    expect(day?.partialOutageMs).toBe(4 * HOUR);
    expect(day?.uptime).toBeCloseTo(1 - (2 + 0.3 * 4) / 24, 10);
    expect(day?.worst).toBe('major_outage');
    expect(day?.incidents).toEqual(['outage']);
  });

  it('does not count overlapping incidents twice and takes the worse status', () => {
    const first = incident('first', 'critical', [
      ['2026-03-05T10:00:00Z', 'investigating', { api: 'major_outage' }],
      ['2026-03-05T12:00:00Z', 'resolved'],
    ]);
    const second = incident('second', 'major', [
      ['2026-03-05T11:00:00Z', 'investigating', { api: 'major_outage' }],
      ['2026-03-05T13:00:00Z', 'resolved'],
    ]);
    const partial = incident('partial', 'minor', [
      ['2026-03-05T09:00:00Z', 'investigating', { api: 'partial_outage' }],
      ['2026-03-05T14:00:00Z', 'resolved'],
    ]);
    const day = uptimeOf([first, second, partial]).byDate.get('2026-03-05');
    // Major 10:00–13:00 (two incidents, counted once); partial only where no major: 09–10, 13–14.
    expect(day?.majorOutageMs).toBe(3 * HOUR);
    expect(day?.partialOutageMs).toBe(2 * HOUR);
    expect(day?.uptime).toBeCloseTo(1 - (3 + 0.6) / 24, 10);
    expect(day?.incidents).toEqual(['first', 'second', 'partial']);
  });

  it('splits a multi-day incident across the days it spans', () => {
    const long = incident('long', 'critical', [
      ['2026-03-04T18:00:00Z', 'investigating', { api: 'major_outage' }],
      ['2026-03-06T06:00:00Z', 'resolved'],
    ]);
    const { byDate } = uptimeOf([long]);
    expect(byDate.get('2026-03-04')?.majorOutageMs).toBe(6 * HOUR);
    expect(byDate.get('2026-03-05')?.uptime).toBe(0);
    expect(byDate.get('2026-03-06')?.majorOutageMs).toBe(6 * HOUR);
    expect(byDate.get('2026-03-07')?.uptime).toBe(1);
  });

  it('counts an open incident up to now', () => {
    const open = incident('open', 'critical', [
      ['2026-03-10T09:00:00Z', 'investigating', { api: 'major_outage' }],
    ]);
    const today = uptimeOf([open]).byDate.get('2026-03-10');
    expect(today?.majorOutageMs).toBe(3 * HOUR);
    expect(today?.uptime).toBeCloseTo(1 - 3 / 12, 10);
  });

  it('counts from a backdated start', () => {
    const backdated = incident(
      'late-report',
      'critical',
      [
        ['2026-03-05T10:00:00Z', 'investigating', { api: 'major_outage' }],
        ['2026-03-05T11:00:00Z', 'resolved'],
      ],
      '2026-03-05T09:00:00Z',
    );
    expect(uptimeOf([backdated]).byDate.get('2026-03-05')?.majorOutageMs).toBe(2 * HOUR);
  });

  it('cuts days at midnight in the site time zone', () => {
    // 23:00–01:00 UTC is 00:00–02:00 in Berlin (UTC+1 in March before DST).
    const night = incident('night', 'critical', [
      ['2026-03-04T23:00:00Z', 'investigating', { api: 'major_outage' }],
      ['2026-03-05T01:00:00Z', 'resolved'],
    ]);
    const utc = uptimeOf([night]).byDate;
    expect(utc.get('2026-03-04')?.majorOutageMs).toBe(HOUR);
    expect(utc.get('2026-03-05')?.majorOutageMs).toBe(HOUR);
    const berlin = uptimeOf([night], { zone: 'Europe/Berlin' }).byDate;
    expect(berlin.get('2026-03-04')?.majorOutageMs).toBe(0);
    expect(berlin.get('2026-03-05')?.majorOutageMs).toBe(2 * HOUR);
  });

  it('measures a 23-hour day on the switch to summer time', () => {
    const days = lastDays(at('2026-03-30T12:00:00Z'), 3, 'Europe/Berlin');
    expect(days.map((day) => [day.date, (day.end - day.start) / HOUR])).toEqual([
      ['2026-03-28', 24],
      ['2026-03-29', 23],
      ['2026-03-30', 24],
    ]);
  });

  it('has no data before the component started, and counts from that day', () => {
    const { api, byDate } = uptimeOf([], { components: [component('api', '2026-03-08')] });
    expect(byDate.get('2026-03-07')?.uptime).toBeNull();
    expect(byDate.get('2026-03-08')?.uptime).toBe(1);
    expect(api.uptime).toBe(1);
  });

  it('weighs the window total by measured time', () => {
    const outage = incident('outage', 'critical', [
      ['2026-03-09T00:00:00Z', 'investigating', { api: 'major_outage' }],
      ['2026-03-09T12:00:00Z', 'resolved'],
    ]);
    // Two full days and half of today are measured (2.5 days); half a day was down.
    const { api } = uptimeOf([outage], { days: 3 });
    expect(api.uptime).toBeCloseTo(1 - 0.5 / 2.5, 10);
    expect(DAY).toBe(24 * HOUR);
  });

  it('ignores incidents that ended before the window', () => {
    const old = incident('old', 'critical', [
      ['2026-01-01T00:00:00Z', 'investigating', { api: 'major_outage' }],
      ['2026-01-01T05:00:00Z', 'resolved'],
    ]);
    expect(uptimeOf([old]).api.uptime).toBe(1);
  });
});
