import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../src/content/load.ts';
import { computeSnapshot } from '../src/domain/snapshot.ts';
import { apiV2Documents } from '../src/render/api-v2.ts';

// Key sets of the public Statuspage API v2, as live pages serve them.
const PAGE_KEYS = ['id', 'name', 'url', 'time_zone', 'updated_at'];
const COMPONENT_KEYS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'position',
  'description',
  'showcase',
  'start_date',
  'group_id',
  'page_id',
  'group',
  'only_show_if_degraded',
];
const INCIDENT_KEYS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'monitoring_at',
  'resolved_at',
  'impact',
  'shortlink',
  'started_at',
  'page_id',
  'incident_updates',
  'components',
];
const MAINTENANCE_KEYS = [...INCIDENT_KEYS, 'scheduled_for', 'scheduled_until'];
const UPDATE_KEYS = [
  'id',
  'status',
  'body',
  'incident_id',
  'created_at',
  'updated_at',
  'display_at',
  'affected_components',
  'deliver_notifications',
  'custom_tweet',
  'tweet_id',
];
const AFFECTED_KEYS = ['code', 'name', 'old_status', 'new_status'];

const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
];
const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'];
const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'];
const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'];
const IMPACTS = ['none', 'minor', 'major', 'critical'];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

type Json = Record<string, unknown>;
const sorted = (keys: string[]) => [...keys].sort();

function checkComponent(component: Json) {
  const keys = component.group === true ? [...COMPONENT_KEYS, 'components'] : COMPONENT_KEYS;
  expect(sorted(Object.keys(component))).toEqual(sorted(keys));
  expect(COMPONENT_STATUSES).toContain(component.status);
  expect(component.created_at).toMatch(ISO);
  expect(component.updated_at).toMatch(ISO);
}

function checkIncident(incident: Json, maintenance: boolean) {
  expect(sorted(Object.keys(incident))).toEqual(
    sorted(maintenance ? MAINTENANCE_KEYS : INCIDENT_KEYS),
  );
  expect(maintenance ? MAINTENANCE_STATUSES : INCIDENT_STATUSES).toContain(incident.status);
  expect(maintenance ? ['maintenance'] : IMPACTS).toContain(incident.impact);
  for (const key of ['created_at', 'updated_at', 'started_at']) expect(incident[key]).toMatch(ISO);
  for (const update of incident.incident_updates as Json[]) {
    expect(sorted(Object.keys(update))).toEqual(sorted(UPDATE_KEYS));
    expect(update.incident_id).toBe(incident.id);
    for (const affected of update.affected_components as Json[]) {
      expect(sorted(Object.keys(affected))).toEqual(sorted(AFFECTED_KEYS));
      expect(COMPONENT_STATUSES).toContain(affected.old_status);
      expect(COMPONENT_STATUSES).toContain(affected.new_status);
    }
  }
  for (const component of incident.components as Json[]) checkComponent(component);
}

describe('the Statuspage-compatible API v2', async () => {
  const { content } = await checkContent(path.resolve(import.meta.dirname, '..'));
  if (!content) throw new Error('no content');
  const documents = apiV2Documents(computeSnapshot(content, Date.parse('2026-11-23T12:00:00Z')));

  it('writes the eight documents with the real top-level keys', () => {
    const topLevel = Object.fromEntries(
      [...documents].map(([file, doc]) => [file, Object.keys(doc)]),
    );
    expect(topLevel).toEqual({
      'summary.json': ['page', 'components', 'incidents', 'scheduled_maintenances', 'status'],
      'status.json': ['page', 'status'],
      'components.json': ['page', 'components'],
      'incidents.json': ['page', 'incidents'],
      'incidents/unresolved.json': ['page', 'incidents'],
      'scheduled-maintenances.json': ['page', 'scheduled_maintenances'],
      'scheduled-maintenances/upcoming.json': ['page', 'scheduled_maintenances'],
      'scheduled-maintenances/active.json': ['page', 'scheduled_maintenances'],
    });
  });

  it('uses exactly the real key sets and enums in every object', () => {
    for (const doc of documents.values()) {
      const json = doc as Json;
      expect(sorted(Object.keys(json.page as Json))).toEqual(sorted(PAGE_KEYS));
      if (json.status) {
        expect(Object.keys(json.status as Json)).toEqual(['indicator', 'description']);
        expect(INDICATORS).toContain((json.status as Json).indicator);
      }
      for (const component of (json.components ?? []) as Json[]) checkComponent(component);
      for (const incident of (json.incidents ?? []) as Json[]) checkIncident(incident, false);
      for (const window of (json.scheduled_maintenances ?? []) as Json[])
        checkIncident(window, true);
    }
  });

  it('reports the example as it stands: one open incident, one upcoming window', () => {
    const summary = documents.get('summary.json') as Json;
    expect(summary.status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
    expect((summary.incidents as Json[]).map((incident) => incident.id)).toEqual([
      '2026-11-23-webhooks-retries-delayed',
    ]);
    expect((summary.scheduled_maintenances as Json[]).map((window) => window.status)).toEqual([
      'scheduled',
    ]);
    expect((documents.get('incidents.json') as { incidents: unknown[] }).incidents).toHaveLength(
      31,
    );
    const groups = (summary.components as Json[]).filter((component) => component.group === true);
    expect(groups.map((group) => group.components)).toEqual([
      ['api', 'dashboard', 'auth', 'webhooks'],
      ['builds', 'functions', 'containers'],
      ['databases', 'storage', 'backups'],
      ['cdn', 'dns'],
    ]);
  });

  it('shows status changes per update, returning components to operational on resolution', () => {
    const incidents = (documents.get('incidents.json') as { incidents: Json[] }).incidents;
    const outage = incidents.find((incident) => incident.id === '2026-08-24-api-outage');
    const updates = (outage?.incident_updates ?? []) as Json[];
    expect(updates.map((update) => update.status)).toEqual([
      'resolved',
      'monitoring',
      'identified',
      'investigating',
    ]);
    expect(updates[3]?.affected_components).toContainEqual({
      code: 'api',
      name: 'API',
      old_status: 'operational',
      new_status: 'major_outage',
    });
    expect(updates[1]?.affected_components).toContainEqual({
      code: 'api',
      name: 'API',
      old_status: 'major_outage',
      new_status: 'operational',
    });
    expect(updates[0]?.affected_components).toContainEqual({
      code: 'webhooks',
      name: 'Webhooks',
      old_status: 'degraded_performance',
      new_status: 'operational',
    });
  });
});
