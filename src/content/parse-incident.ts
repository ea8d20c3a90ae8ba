import { hasVisibleText, markdownLimitProblem } from '../markdown/limits.ts';
import { withClockUpdates } from '../domain/maintenance-clock.ts';
import { renderMarkdown } from '../markdown/render.ts';
import { timestampSchema } from '../schema/common.ts';
import {
  incidentSchema,
  maintenanceSchema,
  type IncidentData,
  type MaintenanceData,
} from '../schema/incident.ts';
import type { ComponentStatus, Incident, IncidentUpdate, Maintenance } from '../domain/model.ts';
import { didYouMean } from './did-you-mean.ts';
import type { Problem } from './problems.ts';
import { decodeText, idOf, type SourceFile } from './source-file.ts';
import { validateYaml } from './validate-yaml.ts';
import { parseMarkdownSource, type YamlSource } from './yaml-source.ts';

/** An incident or maintenance window with the source it came from, for cross-file checks. */
export interface ParsedEntry {
  readonly entry: Incident | Maintenance;
  readonly source: YamlSource;
}

/** What one file of `incidents/` gave: the entry when it is valid, and every problem found. */
export interface IncidentFileResult {
  readonly parsed?: ParsedEntry;
  /**
   * The readable YAML even when the schema refused it, so cross-file checks (component names)
   * still run and a file's problems are all reported in one run.
   */
  readonly source?: YamlSource;
  readonly problems: Problem[];
}

/** Parses one file of `incidents/` and checks its own timeline. */
export function parseIncidentFile(file: SourceFile): IncidentFileResult {
  const text = decodeText(file);
  if (typeof text !== 'string') return { problems: [text] };
  const markdown = parseMarkdownSource(file.path, text);
  if (!('yaml' in markdown)) return { problems: [markdown] };
  const { yaml: source, body } = markdown;
  if (source.problems.length > 0) return { problems: source.problems };

  const kind = isRecord(source.data) ? source.data.kind : undefined;
  if (kind !== undefined && kind !== 'incident' && kind !== 'maintenance') {
    return {
      source,
      problems: [
        {
          file: file.path,
          ...source.locate(['kind']),
          message: `"kind" is ${JSON.stringify(kind)}, which is neither incident nor maintenance.`,
          fix: `Write "kind: maintenance" for a maintenance window, or leave "kind" out for an incident.${didYouMean(typeof kind === 'string' ? kind : '', ['incident', 'maintenance'])}`,
        },
      ],
    };
  }
  const isMaintenance = kind === 'maintenance';
  const id = idOf(file.path);
  const bodyLimit = markdownLimitProblem(body);
  if (bodyLimit) {
    const line = text.split('\n').length - body.split('\n').length + 1;
    return {
      source,
      problems: [
        {
          file: file.path,
          line,
          column: 1,
          message: `The Markdown below the frontmatter ${bodyLimit}.`,
          fix: 'Write it flatter: short paragraphs, plain lists and headings read best.',
        },
      ],
    };
  }
  // A body that publishes nothing (say, only a comment left for later) is no body at all.
  const bodyMarkdown = hasVisibleText(body) ? renderMarkdown(body.trim()) : null;

  const rules = isMaintenance ? MAINTENANCE_TIMELINE : INCIDENT_TIMELINE;
  if (isMaintenance) {
    const result = validateYaml(maintenanceSchema, source);
    if ('problems' in result) {
      return { source, problems: [...result.problems, ...checkRawTimeline(source, rules)] };
    }
    const entry = toMaintenance(id, file.path, result.value, bodyMarkdown);
    return { parsed: { entry, source }, source, problems: checkMaintenance(result.value, source) };
  }
  const result = validateYaml(incidentSchema, source);
  if ('problems' in result) {
    return { source, problems: [...result.problems, ...checkRawTimeline(source, rules)] };
  }
  const entry = toIncident(id, file.path, result.value, bodyMarkdown);
  return { parsed: { entry, source }, source, problems: checkIncident(result.value, source) };
}

/**
 * The timeline rules over the updates whose time and status are readable, for a file the schema
 * refused: a bad impact must not hide an update out of order in the same file.
 */
function checkRawTimeline(source: YamlSource, rules: TimelineRules): Problem[] {
  const data = source.data;
  const updates = isRecord(data) && Array.isArray(data.updates) ? (data.updates as unknown[]) : [];
  const readable = updates.flatMap((update, index) =>
    isRecord(update) &&
    typeof update.at === 'string' &&
    timestampSchema.safeParse(update.at).success &&
    typeof update.status === 'string'
      ? [{ at: update.at, status: update.status, index }]
      : [],
  );
  return checkTimeline(readable, source, rules);
}

function toIncident(
  id: string,
  file: string,
  data: IncidentData,
  body: Incident['body'],
): Incident {
  const current: Record<string, ComponentStatus> = { ...data.components };
  const ever: Record<string, ComponentStatus> = { ...data.components };
  const updates = data.updates.map((update): IncidentUpdate => {
    for (const [component, status] of Object.entries(update.components ?? {})) {
      current[component] = status;
      ever[component] ??= status;
    }
    return {
      at: update.at,
      time: Date.parse(update.at),
      status: update.status,
      message: renderMarkdown(update.message),
      notify: data.notify && (update.notify ?? true),
      components: { ...current },
    };
  });
  const first = updates[0]?.time ?? 0;
  return {
    kind: 'incident',
    id,
    file,
    title: data.title,
    impact: data.impact,
    notify: data.notify,
    mentions: data.mentions,
    body,
    components: ever,
    updates,
    startedAt: data.started_at === undefined ? first : Date.parse(data.started_at),
  };
}

function toMaintenance(
  id: string,
  file: string,
  data: MaintenanceData,
  body: Maintenance['body'],
): Maintenance {
  return {
    kind: 'maintenance',
    id,
    file,
    title: data.title,
    notify: data.notify,
    mentions: data.mentions,
    body,
    components: data.components,
    scheduledFor: Date.parse(data.scheduled_for),
    scheduledUntil: Date.parse(data.scheduled_until),
    updates: withClockUpdates(
      {
        scheduledFor: Date.parse(data.scheduled_for),
        scheduledUntil: Date.parse(data.scheduled_until),
        notify: data.notify,
        remindHoursBefore: data.remind_hours_before,
        updates: data.updates.map((update) => ({
          at: update.at,
          time: Date.parse(update.at),
          status: update.status,
          message: renderMarkdown(update.message),
          notify: data.notify && (update.notify ?? true),
        })),
      },
      renderMarkdown,
    ),
  };
}

interface TimelineRules {
  /** The status after which the timeline is closed. */
  readonly closing: string;
  /** How a reader calls the closing status, e.g. "resolved". */
  readonly closedWord: string;
  readonly reopenFix: string;
}

/** Update times are unique and in order, and nothing follows the closing update. */
function checkTimeline(
  updates: readonly { at: string; status: string; index?: number }[],
  source: YamlSource,
  rules: TimelineRules,
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<number, number>();
  let closedAt: string | undefined;
  updates.forEach((update, position) => {
    const index = update.index ?? position;
    const time = Date.parse(update.at);
    const where = { file: source.file, ...source.locate(['updates', index, 'at']) };
    const previous = updates[position - 1];
    const twin = seen.get(time);
    if (twin !== undefined) {
      problems.push({
        ...where,
        message: `"updates[${index}].at" is the same time as updates[${twin}] (${update.at}).`,
        fix: 'Give each update its own time: the time identifies the update, e.g. for notifications.',
      });
    } else if (previous && time < Date.parse(previous.at)) {
      problems.push({
        ...where,
        message: `"updates[${index}].at" (${update.at}) is earlier than the update before it (${previous.at}).`,
        fix: 'Keep updates oldest first and append new ones at the end, each later than the last.',
      });
    }
    if (closedAt !== undefined) {
      problems.push({
        ...where,
        message: `"updates[${index}]" comes after the ${rules.closedWord} update of ${closedAt}.`,
        fix: rules.reopenFix,
      });
    }
    seen.set(time, index);
    if (update.status === rules.closing) closedAt ??= update.at;
  });
  return problems;
}

const INCIDENT_TIMELINE: TimelineRules = {
  closing: 'resolved',
  closedWord: 'resolved',
  reopenFix:
    'A resolved incident is closed: remove this update, or if the problem came back, open a new incident (statusmark new) that links to this one.',
};

const MAINTENANCE_TIMELINE: TimelineRules = {
  closing: 'completed',
  closedWord: 'completed',
  reopenFix:
    'A completed maintenance window is closed: remove this update, or schedule a new window (statusmark new --maintenance).',
};

function checkIncident(data: IncidentData, source: YamlSource): Problem[] {
  const problems = checkTimeline(data.updates, source, INCIDENT_TIMELINE);
  const first = data.updates[0];
  if (
    data.started_at !== undefined &&
    first &&
    Date.parse(data.started_at) > Date.parse(first.at)
  ) {
    problems.push({
      file: source.file,
      ...source.locate(['started_at']),
      message: `"started_at" (${data.started_at}) is after the first update (${first.at}).`,
      fix: 'Set started_at to when the problem began, at or before the first update, or remove it.',
    });
  }
  return problems;
}

function checkMaintenance(data: MaintenanceData, source: YamlSource): Problem[] {
  const problems = checkTimeline(data.updates, source, MAINTENANCE_TIMELINE);
  if (Date.parse(data.scheduled_until) <= Date.parse(data.scheduled_for)) {
    problems.push({
      file: source.file,
      ...source.locate(['scheduled_until']),
      message: `"scheduled_until" (${data.scheduled_until}) is not after "scheduled_for" (${data.scheduled_for}).`,
      fix: 'Set scheduled_until to when the window ends, later than scheduled_for.',
    });
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
