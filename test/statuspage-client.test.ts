import { Statuspage } from 'statuspage.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticSite } from '../scripts/static-server.ts';
import { servedExample, type ServedExample } from './helpers/build-site.ts';

/**
 * An existing Statuspage API client (the `statuspage.io` package, written for
 * <page>.statuspage.io) pointed at the example, built under a base path and served as plain
 * static files: every call it makes for the public API v2 gets what Statuspage would answer.
 */

let example: ServedExample;
let site: StaticSite;

beforeAll(async () => {
  example = await servedExample({ base: '/status/' });
  site = example.site;
}, 60_000);
afterAll(() => example.close());

describe('the statuspage.io API client', () => {
  it('reads the status, components, incidents and maintenance', async () => {
    const client = new Statuspage('tidewater');
    client.setApiUrl(site.url.replace(/\/$/, ''));
    const summary = await client.api.getSummary();
    expect(summary.status).toEqual({ indicator: 'minor', description: 'Minor Service Outage' });
    expect(summary.page.name).toBe('Tidewater Status');
    expect(summary.incidents.map((incident) => incident.name)).toEqual([
      'Webhook retries are delayed',
    ]);
    const { status } = await client.api.getStatus();
    expect(status.indicator).toBe('minor');
    const { components } = await client.api.getComponents();
    expect(components.find((component) => component.name === 'Webhooks')?.status).toBe(
      'degraded_performance',
    );
    const all = await client.api.incidents.getAll();
    expect(all.incidents.length).toBe(31);
    const unresolved = await client.api.incidents.getUnresolved();
    expect(unresolved.incidents.map((incident) => incident.status)).toEqual(['identified']);
    const upcoming = await client.api.scheduledMaintenances.getUpcoming();
    expect(upcoming.scheduled_maintenances.map((window) => window.name)).toEqual([
      'DNS name server migration',
    ]);
    // The client's getActive() and getAll() both ask for upcoming.json (a bug of the client),
    // so those two lists are read where Statuspage documents them.
    const read = async (file: string) =>
      (await (await fetch(`${site.url}api/v2/${file}`)).json()) as {
        scheduled_maintenances: { status: string }[];
      };
    const active = await read('scheduled-maintenances/active.json');
    expect(active.scheduled_maintenances).toEqual([]);
    const windows = await read('scheduled-maintenances.json');
    expect(windows.scheduled_maintenances.map((window) => window.status).sort()).toEqual([
      'completed',
      'scheduled',
    ]);
  });
});
