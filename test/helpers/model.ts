import { renderMarkdown } from '../../src/markdown/render.ts';
import type {
  Component,
  ComponentStatus,
  Impact,
  Incident,
  IncidentStatus,
  Maintenance,
  MaintenanceStatus,
} from '../../src/domain/model.ts';

export const at = (iso: string): number => Date.parse(iso);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function component(id: string, startDate: string | null = null): Component {
  return {
    id,
    name: id,
    description: '',
    group: null,
    order: 0,
    hiddenUnlessDegraded: false,
    startDate,
  };
}

type UpdateSpec = [
  iso: string,
  status: IncidentStatus,
  components?: Record<string, ComponentStatus>,
];

/** An incident whose updates carry component statuses forward, as the loader builds them. */
export function incident(
  id: string,
  impact: Impact,
  updates: UpdateSpec[],
  startedAt?: string,
): Incident {
  let current: Record<string, ComponentStatus> = {};
  const built = updates.map(([iso, status, components]) => {
    current = { ...current, ...components };
    return {
      at: iso,
      time: at(iso),
      status,
      message: renderMarkdown(`${status}.`),
      notify: true,
      components: current,
    };
  });
  return {
    kind: 'incident',
    id,
    file: `incidents/${id}.md`,
    title: id,
    impact,
    notify: true,
    mentions: [],
    body: null,
    components: built[0]?.components ?? {},
    updates: built,
    startedAt: startedAt === undefined ? (built[0]?.time ?? 0) : at(startedAt),
  };
}

export function maintenance(
  id: string,
  components: string[],
  scheduledFor: string,
  scheduledUntil: string,
  updates: [iso: string, status: MaintenanceStatus][] = [['2026-02-20T00:00:00Z', 'scheduled']],
): Maintenance {
  return {
    kind: 'maintenance',
    id,
    file: `incidents/${id}.md`,
    title: id,
    notify: true,
    mentions: [],
    body: null,
    components,
    scheduledFor: at(scheduledFor),
    scheduledUntil: at(scheduledUntil),
    updates: updates.map(([iso, status]) => ({
      at: iso,
      time: at(iso),
      status,
      message: renderMarkdown(`${status}.`),
      notify: true,
    })),
  };
}
