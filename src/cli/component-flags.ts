import { COMPONENT_STATUSES, type ComponentStatus } from '../schema/common.ts';
import { didYouMean, listChoices } from '../content/did-you-mean.ts';
import type { SiteContent } from '../domain/model.ts';
import { oneOf } from './choices.ts';
import { UsageError, type Choice, type Prompter } from './io.ts';

function checkComponentId(id: string, content: SiteContent): void {
  const ids = content.components.map((component) => component.id);
  if (!ids.includes(id)) {
    throw new UsageError(
      `--component: "${id}" is not a component.${didYouMean(id, ids)} Components: ${listChoices(ids)}.`,
    );
  }
}

/** `--component api=partial_outage` (repeatable) → `{ api: 'partial_outage' }`. */
export function parseComponentStatuses(
  values: readonly string[],
  content: SiteContent,
): Record<string, ComponentStatus> {
  const statuses: Record<string, ComponentStatus> = {};
  for (const value of values) {
    const [id = '', status] = value.split('=');
    if (status === undefined) {
      throw new UsageError(
        `--component "${value}": write it as id=status, e.g. api=partial_outage.`,
      );
    }
    checkComponentId(id, content);
    statuses[id] =
      oneOf(`--component ${value}`, status, COMPONENT_STATUSES, 'a component status') ??
      'operational';
  }
  return statuses;
}

/** `--component dns` (repeatable) → `['dns']`, for maintenance windows. */
export function parseComponentIds(values: readonly string[], content: SiteContent): string[] {
  for (const id of values) checkComponentId(id, content);
  return [...new Set(values)];
}

export function componentChoices(content: SiteContent): Choice<string>[] {
  return content.components.map((component) => ({
    value: component.id,
    name: `${component.name} (${component.id})`,
  }));
}

const STATUS_CHOICES: readonly Choice<ComponentStatus>[] = [
  { value: 'degraded_performance', name: 'Degraded performance' },
  { value: 'partial_outage', name: 'Partial outage' },
  { value: 'major_outage', name: 'Major outage' },
  { value: 'under_maintenance', name: 'Under maintenance' },
  { value: 'operational', name: 'Operational' },
];

/** Asks which components are affected, then the status of each. */
export async function askComponentStatuses(
  prompter: Prompter,
  content: SiteContent,
  question: string,
): Promise<Record<string, ComponentStatus>> {
  const ids = await prompter.checkbox(question, componentChoices(content));
  const statuses: Record<string, ComponentStatus> = {};
  for (const id of ids) statuses[id] = await prompter.select(`Status of ${id}:`, STATUS_CHOICES);
  return statuses;
}
