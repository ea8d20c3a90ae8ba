import { describe, expect, it } from 'vitest';
import { lastDays } from '../src/domain/days.ts';
import { incidentState } from '../src/domain/status.ts';
import { capIncidents, incidentsByDay, incidentsByMonth } from '../src/domain/timeline.ts';
import { at, incident } from './helpers/model.ts';

const NOW = at('2026-03-10T12:00:00Z');
const states = [
  incident('march', 'minor', [['2026-03-09T22:30:00Z', 'resolved']]),
  incident('january', 'major', [['2026-01-15T10:00:00Z', 'resolved']]),
  incident('future', 'major', [['2026-03-11T10:00:00Z', 'investigating']]),
].flatMap((entry) => incidentState(entry, NOW) ?? []);

describe('incidents by day and by month', () => {
  it('lists every recent day newest first, quiet days included', () => {
    const days = incidentsByDay(states, lastDays(NOW, 3, 'UTC'), 'UTC');
    expect(days.map((day) => [day.date, day.incidents.map((s) => s.incident.id)])).toEqual([
      ['2026-03-10', []],
      ['2026-03-09', ['march']],
      ['2026-03-08', []],
    ]);
  });

  it('places an incident on the day it started in the site zone', () => {
    const days = incidentsByDay(states, lastDays(NOW, 3, 'Asia/Tokyo'), 'Asia/Tokyo');
    expect(days.find((day) => day.incidents.length > 0)?.date).toBe('2026-03-10');
  });

  it('lists every month from the first incident to now, quiet months included', () => {
    const months = incidentsByMonth(states, NOW, 'UTC');
    expect(months.map((month) => [month.month, month.incidents.length])).toEqual([
      ['2026-03', 1],
      ['2026-02', 0],
      ['2026-01', 1],
    ]);
  });

  it('has no months without incidents', () => {
    expect(incidentsByMonth([], NOW, 'UTC')).toEqual([]);
  });
});

describe('the home page list', () => {
  it('keeps the newest incidents up to the cap and counts the rest per day', () => {
    const busy = Array.from({ length: 5 }, (_, n) =>
      incident(`busy-${n}`, 'minor', [[`2026-03-0${9 - (n % 2)}T0${n}:00:00Z`, 'resolved']]),
    ).flatMap((entry) => incidentState(entry, NOW) ?? []);
    const newestFirst = [...busy].sort((a, b) => b.incident.startedAt - a.incident.startedAt);
    const days = capIncidents(incidentsByDay(newestFirst, lastDays(NOW, 3, 'UTC'), 'UTC'), 3);
    expect(
      days.map((day) => [day.date, day.incidents.map((s) => s.incident.id), day.more]),
    ).toEqual([
      ['2026-03-10', [], 0],
      ['2026-03-09', ['busy-4', 'busy-2', 'busy-0'], 0],
      ['2026-03-08', [], 2],
    ]);
  });
});
