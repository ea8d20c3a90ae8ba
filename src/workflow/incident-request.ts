import { z } from 'zod';
import { didYouMean, listChoices } from '../content/did-you-mean.ts';
import type { ComponentStatus, SiteContent } from '../domain/model.ts';
import { idSchema, MESSAGE_MAX } from '../schema/common.ts';
import {
  IMPACTS,
  INCIDENT_STATUSES,
  type Impact,
  type IncidentStatus,
} from '../schema/incident.ts';

/**
 * A request to declare an incident, as alerting tools send it (repository_dispatch's
 * `client_payload`, workflow_dispatch's inputs, or an issue form). The field names are those of
 * the create-incident APIs people already call, so an existing integration needs only a new URL.
 */

/** Component statuses as incident APIs spell them; `full_outage` is another name for `major_outage`. */
export const REQUEST_COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'full_outage',
  'major_outage',
] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const incidentRequestSchema = z
  .strictObject({
    /** The headline. `name` is accepted too, as some APIs call it. */
    title: text(200).optional(),
    name: text(200).optional(),
    /** none, minor, major or critical; derived from the component statuses when left out. */
    impact: z.enum(IMPACTS).optional(),
    /** Affected components whose status follows from the impact. */
    component_ids: z.array(idSchema).max(100).optional(),
    /** Affected components with a status each. */
    component_statuses: z
      .array(
        z.strictObject({
          component_id: idSchema,
          component_status: z.enum(REQUEST_COMPONENT_STATUSES),
        }),
      )
      .max(100)
      .optional(),
    /** investigating (the default), identified, monitoring or resolved. */
    incident_status: z.enum(INCIDENT_STATUSES).default('investigating'),
    /** The first update, in Markdown. */
    message: text(MESSAGE_MAX),
    /** false publishes the incident without notifying subscribers. */
    notify_subscribers: z.boolean().default(true),
    /** The same key never opens a second pull request; the first one is returned. */
    idempotency_key: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional(),
  })
  .check((context) => {
    const { title, name } = context.value;
    if (title === undefined && name === undefined) {
      context.issues.push({
        code: 'custom',
        input: context.value,
        path: ['title'],
        message: 'is missing: give the incident a `title` (or `name`)',
      });
    } else if (title !== undefined && name !== undefined && title !== name) {
      context.issues.push({
        code: 'custom',
        input: context.value,
        path: ['name'],
        message: 'differs from `title`: send one of the two',
      });
    }
  });

export type IncidentRequestInput = z.input<typeof incidentRequestSchema>;

/** A request checked against the schema and the site's components, ready to become a file. */
export interface IncidentRequest {
  readonly title: string;
  readonly impact: Impact;
  readonly components: Readonly<Record<string, ComponentStatus>>;
  readonly status: IncidentStatus;
  readonly message: string;
  readonly notify: boolean;
  readonly idempotencyKey: string | null;
}

/** A payload that cannot become an incident; `reasons` name each key and what to send instead. */
export class InvalidRequestError extends Error {
  readonly reasons: readonly string[];

  constructor(reasons: readonly string[]) {
    super(
      `The incident request was refused, and no pull request was opened:\n` +
        `${reasons.map((reason) => `- ${reason}`).join('\n')}\n` +
        'Fix the request and send it again.',
    );
    this.name = 'InvalidRequestError';
    this.reasons = reasons;
  }
}

const KNOWN_KEYS = Object.keys(incidentRequestSchema.shape);

/** Statuspage's rule: the worst component status sets the impact when none is given. */
const IMPACT_OF: Readonly<Record<ComponentStatus, Impact>> = {
  operational: 'none',
  under_maintenance: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};
const STATUS_OF_IMPACT: Readonly<Record<Impact, ComponentStatus>> = {
  none: 'degraded_performance',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
};
const IMPACT_ORDER: readonly Impact[] = IMPACTS;

export function parseIncidentRequest(payload: unknown, content: SiteContent): IncidentRequest {
  const parsed = incidentRequestSchema.safeParse(payload, { reportInput: true });
  if (!parsed.success) throw new InvalidRequestError(parsed.error.issues.map(describeIssue));
  const request = parsed.data;
  const ids = content.components.map((component) => component.id);
  const reasons: string[] = [];
  const check = (key: string, id: string) => {
    if (!ids.includes(id)) {
      reasons.push(
        `${key}: "${id}" is not a component of this site.${didYouMean(id, ids)} ` +
          `Components: ${listChoices(ids)}.`,
      );
    }
  };
  request.component_ids?.forEach((id, index) => {
    check(`component_ids[${index}]`, id);
  });
  request.component_statuses?.forEach(({ component_id }, index) => {
    check(`component_statuses[${index}].component_id`, component_id);
  });
  if (reasons.length > 0) throw new InvalidRequestError(reasons);

  const given: Record<string, ComponentStatus> = {};
  for (const { component_id, component_status } of request.component_statuses ?? []) {
    given[component_id] = component_status === 'full_outage' ? 'major_outage' : component_status;
  }
  const impact =
    request.impact ??
    Object.values(given).reduce<Impact>(
      (worst, status) =>
        IMPACT_ORDER.indexOf(IMPACT_OF[status]) > IMPACT_ORDER.indexOf(worst)
          ? IMPACT_OF[status]
          : worst,
      'none',
    );
  const components: Record<string, ComponentStatus> = {};
  for (const id of request.component_ids ?? []) components[id] = STATUS_OF_IMPACT[impact];
  Object.assign(components, given);
  return {
    title: request.title ?? request.name ?? '',
    impact,
    components,
    status: request.incident_status,
    message: request.message,
    notify: request.notify_subscribers,
    idempotencyKey: request.idempotency_key ?? null,
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.map((part, index) =>
    typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`,
  );
  const where = key.join('') || 'The payload';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys
        .map(
          (unknown) =>
            `${where === 'The payload' ? unknown : `${where}.${unknown}`}: is not a field Statusmark reads.` +
            `${didYouMean(unknown, KNOWN_KEYS)} Fields: ${KNOWN_KEYS.join(', ')}.`,
        )
        .join('\n- ');
    case 'invalid_value':
      return `${where}: "${String(issue.input)}" is not allowed; send one of ${issue.values.map(String).join(', ')}.${didYouMean(String(issue.input), issue.values.map(String))}`;
    case 'invalid_type':
      return issue.input === undefined
        ? `${where}: is missing; it is required.`
        : `${where}: expected ${issue.expected === 'object' ? 'a JSON object' : `a ${issue.expected}`}, received ${JSON.stringify(issue.input)}.`;
    case 'too_big':
      return `${where}: is too long; at most ${String(issue.maximum)} ${issue.origin === 'array' ? 'items' : 'characters'}.`;
    case 'too_small':
      return `${where}: is empty; write something.`;
    case 'invalid_format':
      return `${where}: ${issue.format === 'regex' && issue.path.includes('idempotency_key') ? 'must be printable ASCII without spaces' : 'must be a lower-case id such as "api"'}.`;
    default:
      return `${where}: ${issue.message}.`;
  }
}
