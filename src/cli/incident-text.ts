import { isMap, isScalar, isSeq, parseDocument, stringify } from 'yaml';
import type { ComponentStatus } from '../schema/common.ts';
import { FRONTMATTER_CLOSE } from '../content/yaml-source.ts';

/** `2026-02-20T10:02:00Z`: the form people write, to the second, in UTC. */
export function formatTimestamp(time: number): string {
  return new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A file-name slug from a title: `Elevated API error rates` → `elevated-api-error-rates`. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 50) return slug || 'incident';
  return slug.slice(0, 50).replace(/-[^-]*$/, '');
}

export interface NewUpdate {
  readonly at: string;
  readonly status: string;
  readonly message: string;
  readonly components?: Readonly<Record<string, ComponentStatus>>;
  readonly notify?: boolean;
}

export interface NewIncident {
  readonly title: string;
  readonly impact: string;
  readonly components: Readonly<Record<string, ComponentStatus>>;
  readonly notify: boolean;
  readonly update: NewUpdate;
}

export interface NewMaintenance {
  readonly title: string;
  readonly components: readonly string[];
  readonly notify: boolean;
  readonly scheduledFor: string;
  readonly scheduledUntil: string;
  readonly update: NewUpdate;
}

/** The text of a new incident file, laid out as in the README's example. */
export function newIncidentText(incident: NewIncident): string {
  return frontmatter([
    yamlEntry('title', incident.title),
    yamlEntry('impact', incident.impact),
    yamlEntry('components', incident.components),
    ...(incident.notify ? [] : [yamlEntry('notify', false)]),
    yamlEntry('updates', [updateObject(incident.update)]),
  ]);
}

/** The text of a new maintenance file. */
export function newMaintenanceText(window: NewMaintenance): string {
  return frontmatter([
    yamlEntry('kind', 'maintenance'),
    yamlEntry('title', window.title),
    yamlEntry('components', window.components),
    ...(window.notify ? [] : [yamlEntry('notify', false)]),
    yamlEntry('scheduled_for', window.scheduledFor),
    yamlEntry('scheduled_until', window.scheduledUntil),
    yamlEntry('updates', [updateObject(window.update)]),
  ]);
}

/**
 * Appends an update at the end of the `updates` list of an incident file's text. Only the new
 * lines are added: the rest of the file (comments, quoting, the body) stays byte for byte.
 */
export function appendUpdateText(text: string, update: NewUpdate): string {
  const start = text.indexOf('\n') + 1;
  const close = FRONTMATTER_CLOSE.exec(text.slice(start - 1));
  if (start === 0 || !close) throw new Error('The file has no frontmatter.');
  const yamlText = text.slice(start, start - 1 + close.index + 1);
  const doc = parseDocument(yamlText);
  const updates = isMap(doc.contents) ? doc.contents.get('updates', true) : undefined;
  const last = isSeq(updates) ? updates.items.at(-1) : undefined;
  if (!isSeq(updates) || updates.flow || !last || !(isMap(last) || isScalar(last))) {
    throw new Error('The file has no list of updates to append to.');
  }
  const range = updates.range;
  const itemStart = last.range?.[0];
  if (!range || itemStart === undefined) throw new Error('The updates list has no position.');
  // The new item lines up with the existing ones: same indentation before the dash.
  const lineStart = yamlText.lastIndexOf('\n', itemStart - 1) + 1;
  const dashColumn = yamlText.slice(lineStart, itemStart).search(/-/);
  const indent = ' '.repeat(Math.max(0, dashColumn));
  const item = stringify([updateObject(update)], { lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
  const valueEnd = range[1];
  const lineEnd = yamlText.indexOf('\n', Math.max(0, valueEnd - 1));
  const insertAt = start + (lineEnd === -1 ? yamlText.length : lineEnd + 1);
  const needsBreak = text[insertAt - 1] !== '\n';
  return `${text.slice(0, insertAt)}${needsBreak ? '\n' : ''}${item}\n${text.slice(insertAt)}`;
}

function updateObject(update: NewUpdate): Record<string, unknown> {
  return {
    at: update.at,
    status: update.status,
    message: update.message,
    ...(update.components && Object.keys(update.components).length > 0
      ? { components: update.components }
      : {}),
    ...(update.notify === false ? { notify: false } : {}),
  };
}

function yamlEntry(key: string, value: unknown): string {
  return stringify({ [key]: value }, { lineWidth: 0 }).trimEnd();
}

function frontmatter(entries: readonly string[]): string {
  return `---\n${entries.join('\n')}\n---\n`;
}
