import path from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../src/content/load.ts';
import { computeSnapshot } from '../src/domain/snapshot.ts';
import { badgeSvg, componentBadge, overallBadge, shieldsEndpoint } from '../src/render/badges.ts';
import { renderCalendar } from '../src/render/calendar.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

async function exampleAt(now: string) {
  const { content } = await checkContent(ROOT);
  if (!content) throw new Error('no content');
  return computeSnapshot(content, Date.parse(now));
}

function events(ics: string) {
  // ical.js types its parse result loosely; a calendar file parses to one jCal component.
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      utc: event.startDate.zone.tzid === 'UTC',
    };
  });
}

describe('the maintenance calendar', () => {
  it('lists upcoming and recent windows in UTC with stable UIDs and a SEQUENCE per update', async () => {
    const snapshot = await exampleAt('2026-11-23T12:00:00Z');
    const ics = renderCalendar(
      snapshot.maintenances,
      snapshot.content.config,
      (id) => id,
      snapshot.now,
    );
    expect(events(ics)).toEqual([
      {
        uid: '2026-11-29-dns-migration@status.tidewater.example',
        sequence: 0,
        summary: 'Maintenance: DNS name server migration',
        start: '2026-11-29T01:00:00.000Z',
        end: '2026-11-29T03:00:00.000Z',
        utc: true,
      },
      {
        uid: '2026-11-08-database-upgrade@status.tidewater.example',
        sequence: 3,
        summary: 'Maintenance: PostgreSQL 18 upgrade for managed databases in eu-central',
        start: '2026-11-08T02:00:00.000Z',
        // Completed at 03:41: the event shows when the work really ended.
        end: '2026-11-08T03:41:00.000Z',
        utc: true,
      },
    ]);
  });

  it('drops windows that ended more than 90 days ago and those not yet announced', async () => {
    const later = await exampleAt('2027-02-15T00:00:00Z');
    const ics = renderCalendar(later.maintenances, later.content.config, (id) => id, later.now);
    expect(events(ics).map((event) => event.uid)).toEqual([
      '2026-11-29-dns-migration@status.tidewater.example',
    ]);
    const before = await exampleAt('2026-10-01T00:00:00Z');
    expect(
      events(renderCalendar(before.maintenances, before.content.config, (id) => id, before.now)),
    ).toEqual([]);
  });
});

describe('badges', () => {
  it('give shields.io exactly the endpoint schema', async () => {
    const snapshot = await exampleAt('2026-11-23T12:00:00Z');
    const overall = JSON.parse(shieldsEndpoint(overallBadge(snapshot.overall))) as Record<
      string,
      unknown
    >;
    expect(overall).toEqual({
      schemaVersion: 1,
      label: 'status',
      message: 'minor service outage',
      color: 'yellow',
    });
    expect(JSON.parse(shieldsEndpoint(componentBadge('DNS', 'major_outage')))).toEqual({
      schemaVersion: 1,
      label: 'DNS',
      message: 'major outage',
      color: 'red',
    });
  });

  it('draw a self-contained, labelled SVG', () => {
    const svg = badgeSvg(componentBadge('Webhooks', 'degraded_performance'));
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* role="img" aria-label="Webhooks: degraded performance">/,
    );
    expect(svg).toContain('<title>Webhooks: degraded performance</title>');
    expect(svg).not.toMatch(/<image|href="http|<script/);
  });
});
