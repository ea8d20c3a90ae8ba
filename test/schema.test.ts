import { describe, expect, it } from 'vitest';
import { componentSchema, groupsFileSchema } from '../src/schema/component.ts';
import { incidentSchema, maintenanceSchema } from '../src/schema/incident.ts';
import { siteConfigSchema } from '../src/schema/site.ts';

const update = { at: '2026-02-20T10:02:00Z', status: 'investigating', message: 'Looking.' };
const incident = { title: 'Slow API', impact: 'minor', updates: [update] };
const maintenance = {
  kind: 'maintenance',
  title: 'Upgrade',
  scheduled_for: '2026-03-01T02:00:00Z',
  scheduled_until: '2026-03-01T04:00:00Z',
  updates: [{ at: '2026-02-25T10:00:00Z', status: 'scheduled', message: 'Planned.' }],
};
const site = { name: 'Status', url: 'https://status.example.com', organization_id: 'example' };

describe('incident schema', () => {
  it('fills defaults: no components, notify on', () => {
    expect(incidentSchema.parse(incident)).toMatchObject({ components: {}, notify: true });
  });

  it.each([
    ['an empty title', { title: '' }],
    ['a title over 200 characters', { title: 'x'.repeat(201) }],
    ['an unknown impact', { impact: 'severe' }],
    ['an unknown component status', { components: { api: 'down' } }],
    ['a component id in capitals', { components: { API: 'major_outage' } }],
    ['notify that is not a boolean', { notify: 'yes' }],
    ['no updates', { updates: [] }],
    ['a time without a zone', { updates: [{ ...update, at: '2026-02-20T10:02:00' }] }],
    ['a time without seconds', { updates: [{ ...update, at: '2026-02-20T10:02Z' }] }],
    ['a date that does not exist', { updates: [{ ...update, at: '2026-02-30T10:02:00Z' }] }],
    ['an unknown update status', { updates: [{ ...update, status: 'fixed' }] }],
    ['an empty message', { updates: [{ ...update, message: '   ' }] }],
    ['a message over 4096 characters', { updates: [{ ...update, message: 'm'.repeat(4097) }] }],
    ['an unknown key', { severity: 'high' }],
    ['an unknown key in an update', { updates: [{ ...update, author: 'me' }] }],
    ['a maintenance status on an incident', { updates: [{ ...update, status: 'scheduled' }] }],
    ['started_at without a zone', { started_at: '2026-02-20T09:00:00' }],
  ])('rejects %s', (_, change) => {
    expect(incidentSchema.safeParse({ ...incident, ...change }).success).toBe(false);
  });

  it.each([
    ['an offset instead of Z', { updates: [{ ...update, at: '2026-02-20T11:02:00+01:00' }] }],
    ['fractional seconds', { updates: [{ ...update, at: '2026-02-20T10:02:00.250Z' }] }],
    [
      'a message of exactly 4096 characters',
      { updates: [{ ...update, message: 'm'.repeat(4096) }] },
    ],
    ['a title of exactly 200 characters', { title: 't'.repeat(200) }],
    [
      'per-update components and notify',
      { updates: [{ ...update, components: { api: 'operational' }, notify: false }] },
    ],
    ['kind: incident spelled out', { kind: 'incident' }],
    ['a backdated start', { started_at: '2026-02-20T09:00:00Z' }],
  ])('accepts %s', (_, change) => {
    expect(incidentSchema.safeParse({ ...incident, ...change }).success).toBe(true);
  });
});

describe('maintenance schema', () => {
  it('accepts a window and fills defaults', () => {
    expect(maintenanceSchema.parse(maintenance)).toMatchObject({ components: [], notify: true });
  });

  it.each([
    ['no kind', { kind: undefined }],
    ['no start', { scheduled_for: undefined }],
    ['an end without a zone', { scheduled_until: '2026-03-01T04:00:00' }],
    ['components with statuses', { components: { api: 'under_maintenance' } }],
    ['an incident status', { updates: [{ ...maintenance.updates[0], status: 'resolved' }] }],
    ['components in an update', { updates: [{ ...maintenance.updates[0], components: {} }] }],
    ['an impact', { impact: 'minor' }],
  ])('rejects %s', (_, change) => {
    expect(maintenanceSchema.safeParse({ ...maintenance, ...change }).success).toBe(false);
  });
});

describe('component and group schemas', () => {
  it('fills defaults', () => {
    expect(componentSchema.parse({ name: 'API' })).toEqual({
      name: 'API',
      description: '',
      order: 0,
      hidden_unless_degraded: false,
    });
  });

  it.each([
    ['no name', {}],
    ['an order that is not whole', { name: 'API', order: 1.5 }],
    ['a start date with a time', { name: 'API', start_date: '2026-01-01T00:00:00Z' }],
    ['a group id with spaces', { name: 'API', group: 'core services' }],
    ['an unknown key', { name: 'API', status: 'operational' }],
  ])('rejects a component with %s', (_, value) => {
    expect(componentSchema.safeParse(value).success).toBe(false);
  });

  it('accepts groups in order and refuses a group without a name', () => {
    const groups = [
      { id: 'core', name: 'Core' },
      { id: 'edge', name: 'Edge', collapsed: true },
    ];
    expect(groupsFileSchema.parse({ groups }).groups.map((group) => group.id)).toEqual([
      'core',
      'edge',
    ]);
    expect(groupsFileSchema.safeParse({ groups: [{ id: 'core' }] }).success).toBe(false);
  });
});

describe('site config schema', () => {
  it('fills defaults: served from the root, in UTC', () => {
    expect(siteConfigSchema.parse(site)).toMatchObject({ base: '/', time_zone: 'UTC', links: [] });
  });

  it.each([
    ['a URL without a scheme', { url: 'status.example.com' }],
    ['a non-web URL', { url: 'ftp://status.example.com' }],
    ['a base path without a leading slash', { base: 'status' }],
    ['an unknown time zone', { time_zone: 'Mars/Olympus' }],
    ['an organization id with spaces', { organization_id: 'Example Org' }],
    ['a link without a URL', { links: [{ label: 'Home' }] }],
  ])('rejects %s', (_, change) => {
    expect(siteConfigSchema.safeParse({ ...site, ...change }).success).toBe(false);
  });

  it('accepts a base path and an IANA zone', () => {
    expect(
      siteConfigSchema.safeParse({ ...site, base: '/status/', time_zone: 'Europe/Berlin' }).success,
    ).toBe(true);
  });
});
