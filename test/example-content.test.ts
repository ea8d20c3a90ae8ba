import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../src/content/load.ts';
import { computeSnapshot } from '../src/domain/snapshot.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
// The example's "now": the day its content was written, so this test does not age.
const WRITTEN = Date.parse('2026-11-23T12:00:00Z');

describe('the bundled example content', async () => {
  const { content, problems } = await checkContent(ROOT);

  it('is valid', () => {
    expect(problems).toEqual([]);
  });

  it('shows everything off: groups, many incidents of every impact, maintenance', () => {
    if (!content) throw new Error('no content');
    const snapshot = computeSnapshot(content, WRITTEN);
    expect(content.components.length).toBeGreaterThanOrEqual(10);
    expect(content.components.length).toBeLessThanOrEqual(14);
    expect(content.groups.length).toBeGreaterThanOrEqual(3);
    expect(content.groups.length).toBeLessThanOrEqual(4);
    expect(content.incidents.length).toBeGreaterThanOrEqual(25);
    expect(new Set(content.incidents.map((incident) => incident.impact))).toEqual(
      new Set(['none', 'minor', 'major', 'critical']),
    );
    const oldest = Math.min(...content.incidents.map((incident) => incident.startedAt));
    expect((WRITTEN - oldest) / 86_400_000).toBeGreaterThan(100);
    expect(snapshot.openIncidents).toHaveLength(1);
    expect(
      content.incidents.some((incident) => incident.body?.markdown.includes('Postmortem')),
    ).toBe(true);
    expect(
      content.incidents.filter((incident) => Object.keys(incident.components).length > 1).length,
    ).toBeGreaterThan(3);
    expect(snapshot.upcomingMaintenances.length + snapshot.activeMaintenances.length).toBe(1);
    expect(snapshot.maintenances.filter((state) => state.status === 'completed')).toHaveLength(1);
  });
});
