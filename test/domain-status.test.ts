import { describe, expect, it } from 'vitest';
import {
  componentStatuses,
  incidentState,
  maintenanceState,
  overallStatus,
  type IncidentState,
} from '../src/domain/status.ts';
import { at, HOUR, incident, maintenance } from './helpers/model.ts';

const apiErrors = incident('api-errors', 'major', [
  ['2026-02-20T10:00:00Z', 'investigating', { api: 'major_outage' }],
  ['2026-02-20T10:30:00Z', 'monitoring', { api: 'degraded_performance' }],
  ['2026-02-20T11:00:00Z', 'resolved'],
]);

function states(now: string, ...incidents: ReturnType<typeof incident>[]): IncidentState[] {
  return incidents.flatMap((entry) => incidentState(entry, at(now)) ?? []);
}

describe('incident state at a given time', () => {
  it('is not published before its first update', () => {
    expect(incidentState(apiErrors, at('2026-02-20T09:59:59Z'))).toBeNull();
  });

  it('follows the latest update posted by then and ignores later ones', () => {
    const state = incidentState(apiErrors, at('2026-02-20T10:45:00Z'));
    expect(state?.status).toBe('monitoring');
    expect(state?.updates).toHaveLength(2);
    expect(state?.resolvedAt).toBeNull();
    expect(state?.durationMs).toBe(45 * 60_000);
  });

  it('is resolved at the resolving update, with its duration fixed from then on', () => {
    const state = incidentState(apiErrors, at('2026-03-01T00:00:00Z'));
    expect(state?.status).toBe('resolved');
    expect(state?.resolvedAt).toBe(at('2026-02-20T11:00:00Z'));
    expect(state?.durationMs).toBe(HOUR);
  });

  it('counts the duration from a backdated start', () => {
    const backdated = incident(
      'x',
      'minor',
      [['2026-02-20T10:00:00Z', 'resolved']],
      '2026-02-20T09:15:00Z',
    );
    expect(incidentState(backdated, at('2026-02-21T00:00:00Z'))?.durationMs).toBe(45 * 60_000);
  });
});

describe('maintenance state', () => {
  const window = maintenance('upgrade', ['db'], '2026-03-01T02:00:00Z', '2026-03-01T04:00:00Z', [
    ['2026-02-25T10:00:00Z', 'scheduled'],
  ]);

  it.each([
    ['2026-02-28T00:00:00Z', 'scheduled'],
    ['2026-03-01T02:00:00Z', 'in_progress'],
    ['2026-03-01T03:59:59Z', 'in_progress'],
    ['2026-03-01T04:00:00Z', 'completed'],
  ])('follows the clock: at %s it is %s', (now, status) => {
    expect(maintenanceState(window, at(now))?.status).toBe(status);
  });

  it('is not published before its first update', () => {
    expect(maintenanceState(window, at('2026-02-25T09:59:59Z'))).toBeNull();
  });

  it('ends early when an update says completed', () => {
    const early = maintenance('w', ['db'], '2026-03-01T02:00:00Z', '2026-03-01T04:00:00Z', [
      ['2026-02-25T10:00:00Z', 'scheduled'],
      ['2026-03-01T02:50:00Z', 'completed'],
    ]);
    expect(maintenanceState(early, at('2026-03-01T03:00:00Z'))?.status).toBe('completed');
  });

  it('starts early or reports verifying when an update says so', () => {
    const early = maintenance('w', ['db'], '2026-03-01T02:00:00Z', '2026-03-01T04:00:00Z', [
      ['2026-03-01T01:50:00Z', 'in_progress'],
      ['2026-03-01T03:30:00Z', 'verifying'],
    ]);
    expect(maintenanceState(early, at('2026-03-01T01:55:00Z'))?.status).toBe('in_progress');
    expect(maintenanceState(early, at('2026-03-01T03:45:00Z'))?.status).toBe('verifying');
    expect(maintenanceState(early, at('2026-03-01T04:10:00Z'))?.status).toBe('completed');
  });
});

describe('component statuses and the overall indicator', () => {
  const ids = ['api', 'db', 'web'];

  it('is all operational with nothing open', () => {
    const incidents = states('2026-03-01T00:00:00Z', apiErrors);
    const statuses = componentStatuses(ids, incidents, []);
    expect([...statuses.values()]).toEqual(['operational', 'operational', 'operational']);
    expect(overallStatus(statuses, incidents, [])).toEqual({
      indicator: 'none',
      description: 'All Systems Operational',
    });
  });

  it('takes the worst status over open incidents', () => {
    const other = incident('other', 'minor', [
      [
        '2026-02-20T10:10:00Z',
        'investigating',
        { api: 'partial_outage', web: 'degraded_performance' },
      ],
    ]);
    const incidents = states('2026-02-20T10:15:00Z', apiErrors, other);
    const statuses = componentStatuses(ids, incidents, []);
    expect(Object.fromEntries(statuses)).toEqual({
      api: 'major_outage',
      db: 'operational',
      web: 'degraded_performance',
    });
    expect(overallStatus(statuses, incidents, []).description).toBe('Major Service Outage');
  });

  it.each([
    ['degraded_performance', 'none', 'minor', 'Minor Service Outage'],
    ['partial_outage', 'minor', 'major', 'Partial System Outage'],
    ['major_outage', 'minor', 'critical', 'Major Service Outage'],
    ['operational', 'critical', 'critical', 'Major Service Outage'],
  ] as const)('maps %s with %s impact to %s', (status, impact, indicator, description) => {
    const open = incident('x', impact, [['2026-02-20T10:00:00Z', 'identified', { api: status }]]);
    const incidents = states('2026-02-20T11:00:00Z', open);
    expect(overallStatus(componentStatuses(ids, incidents, []), incidents, [])).toEqual({
      indicator,
      description,
    });
  });

  it('shows maintenance only while it is in progress, and an outage over it', () => {
    const future = maintenance('later', ['db'], '2026-03-05T02:00:00Z', '2026-03-05T04:00:00Z');
    const now = maintenance('now', ['db'], '2026-03-01T02:00:00Z', '2026-03-01T04:00:00Z');
    const windows = [future, now].flatMap(
      (window) => maintenanceState(window, at('2026-03-01T03:00:00Z')) ?? [],
    );
    const statuses = componentStatuses(ids, [], windows);
    expect(statuses.get('db')).toBe('under_maintenance');
    expect(overallStatus(statuses, [], windows).description).toBe('Service Under Maintenance');

    const outage = incident('db-down', 'critical', [
      ['2026-03-01T02:30:00Z', 'investigating', { db: 'major_outage' }],
    ]);
    const incidents = states('2026-03-01T03:00:00Z', outage);
    const during = componentStatuses(ids, incidents, windows);
    expect(during.get('db')).toBe('major_outage');
    expect(overallStatus(during, incidents, windows).indicator).toBe('critical');
  });

  it("does not let a future window change today's status", () => {
    const future = maintenance('later', ['db'], '2026-03-05T02:00:00Z', '2026-03-05T04:00:00Z');
    const windows = [maintenanceState(future, at('2026-03-01T00:00:00Z')) ?? []].flat();
    expect(windows).toHaveLength(1);
    const statuses = componentStatuses(ids, [], windows);
    expect(statuses.get('db')).toBe('operational');
    expect(overallStatus(statuses, [], windows).indicator).toBe('none');
  });
});
