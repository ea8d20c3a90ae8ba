import type { IncidentRequestInput } from './incident-request.ts';

/**
 * Incident requests written as text fields (workflow_dispatch inputs and issue forms carry
 * strings only) turned into the payload alerting tools send. Empty fields are left out, so the
 * payload's defaults and checks apply exactly as for a JSON request.
 */
export interface RequestFields {
  readonly title?: string | undefined;
  readonly impact?: string | undefined;
  /** `api=partial_outage, dashboard: degraded_performance, dns`: a bare id takes its status from the impact. */
  readonly components?: string | undefined;
  readonly incident_status?: string | undefined;
  readonly message?: string | undefined;
  readonly notify_subscribers?: string | boolean | undefined;
  readonly idempotency_key?: string | undefined;
}

export function requestFromFields(
  fields: RequestFields | Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const textOf = (key: keyof RequestFields): string | undefined => {
    const value: unknown = (fields as Readonly<Record<string, unknown>>)[key];
    return typeof value === 'string' ? value.trim() : undefined;
  };
  const payload: Record<string, unknown> = {};
  const set = (key: keyof IncidentRequestInput & keyof RequestFields) => {
    const value = textOf(key);
    if (value) payload[key] = value;
  };
  set('title');
  set('impact');
  set('incident_status');
  set('message');
  set('idempotency_key');
  const notify: unknown = (fields as Readonly<Record<string, unknown>>).notify_subscribers;
  if (typeof notify === 'boolean') payload.notify_subscribers = notify;
  else if (textOf('notify_subscribers') === 'false') payload.notify_subscribers = false;
  else if (textOf('notify_subscribers') === 'true') payload.notify_subscribers = true;

  const ids: string[] = [];
  const statuses: { component_id: string; component_status: string }[] = [];
  for (const item of (textOf('components') ?? '').split(/[,\n]/)) {
    const [id = '', status] = item.split(/[=:]/).map((part) => part.trim());
    if (!id) continue;
    if (status) statuses.push({ component_id: id, component_status: status });
    else ids.push(id);
  }
  if (ids.length > 0) payload.component_ids = ids;
  if (statuses.length > 0) payload.component_statuses = statuses;
  return payload;
}

/** The headings of `.github/ISSUE_TEMPLATE/incident.yml`, mapped to request fields. */
export const ISSUE_FORM_FIELDS: Readonly<Record<string, keyof RequestFields>> = {
  Title: 'title',
  Impact: 'impact',
  'Affected components': 'components',
  Status: 'incident_status',
  'First update': 'message',
  Notifications: 'notify_subscribers',
};

/**
 * Reads the body GitHub renders for an issue form: `### <label>` then the answer, with
 * `_No response_` for an empty one and `- [X] …` for a ticked checkbox.
 */
export function fieldsFromIssueForm(body: string): RequestFields {
  const fields: Record<string, string> = {};
  const sections = body.replace(/\r\n/g, '\n').split(/^### /m).slice(1);
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const label = (newline === -1 ? section : section.slice(0, newline)).trim();
    const key = ISSUE_FORM_FIELDS[label];
    if (!key) continue;
    const answer = newline === -1 ? '' : section.slice(newline + 1).trim();
    if (key === 'notify_subscribers') {
      fields[key] = /^- \[[xX]\]/m.test(answer) ? 'true' : 'false';
    } else if (answer !== '_No response_') {
      fields[key] = answer;
    }
  }
  return fields;
}
