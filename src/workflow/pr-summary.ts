import type { Problem } from '../content/problems.ts';
import { plural, sortProblems } from '../content/problems.ts';
import type { SiteContent } from '../domain/model.ts';
import {
  COMPONENT_STATUS_LABEL,
  formatDuration,
  formatTime,
  IMPACT_LABEL,
  STATUS_LABEL,
} from '../render/format.ts';
import type { NotificationForecast, Reach } from '../notify/forecast.ts';
import type { ContentChanges, EntryChange, EntryUpdate } from './changes.ts';
import { escapeMarkdown, excerpt } from './markdown-text.ts';

/** Marks Statusmark's comment on a pull request, so it is found and edited instead of repeated. */
export const SUMMARY_MARKER = '<!-- statusmark:pull-request-summary -->';

/** GitHub refuses comment bodies over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;

export interface SummaryInput {
  /** The content at the head, or null when it has problems. */
  readonly after: SiteContent | null;
  readonly changes: ContentChanges | null;
  readonly problems: readonly Problem[];
  readonly forecast: NotificationForecast;
  readonly headSha: string;
  readonly baseSha: string;
  /** A link to a line of a file at the head commit. */
  readonly fileUrl: (file: string, line?: number) => string;
  /** Characters the body may use (the marker line is added outside it). */
  readonly budget?: number;
}

/**
 * The body of the pull request comment: in plain words, what merging would publish and who it
 * would notify. Detail is dropped in stages (message excerpts, then problem fixes, then whole
 * sections) until the text fits the budget, so the comment never fails to post.
 */
export function renderSummary(input: SummaryInput): string {
  const budget = (input.budget ?? COMMENT_LIMIT) - SUMMARY_MARKER.length - 1;
  for (const detail of ['full', 'brief', 'counts'] as const) {
    const text = compose(input, detail);
    if (text.length <= budget) return text;
  }
  return `${compose(input, 'counts').slice(0, budget - 2)}\n…`;
}

type Detail = 'full' | 'brief' | 'counts';

function compose(input: SummaryInput, detail: Detail): string {
  const parts = ['### Statusmark: what this pull request publishes'];
  if (input.problems.length > 0) {
    // Invalid files are left out of the parsed content, so a summary now would be incomplete.
    parts.push(problemsSection(input, detail));
    parts.push('What the pull request publishes is summarised here once the content is valid.');
  } else if (input.changes && input.after) {
    parts.push(changesSection(input.changes, input.after, input.fileUrl, detail));
    parts.push(notificationSection(input.changes, input.forecast));
  }
  parts.push(
    `<sub>Checked ${input.headSha.slice(0, 7)} against ${input.baseSha.slice(0, 7)}. ` +
      'This comment is updated on every push.</sub>',
  );
  return `${parts.join('\n\n')}\n`;
}

function problemsSection(input: SummaryInput, detail: Detail): string {
  const problems = sortProblems(input.problems);
  const heading =
    `:x: **This pull request cannot be merged yet: ${plural(problems.length, 'problem')} ` +
    'in the content.** Nothing is published until every one is fixed.';
  if (detail === 'counts') return heading;
  const lines = problems.map((problem) => {
    const where = `[${escapeMarkdown(problem.file)}:${problem.line}](${input.fileUrl(problem.file, problem.line)})`;
    const fix = detail === 'full' ? ` Fix: ${escapeMarkdown(problem.fix)}` : '';
    return `- ${where}: ${escapeMarkdown(problem.message)}${fix}`;
  });
  return `${heading}\n\n${lines.join('\n')}`;
}

function changesSection(
  changes: ContentChanges,
  after: SiteContent,
  fileUrl: SummaryInput['fileUrl'],
  detail: Detail,
): string {
  const zone = after.config.time_zone;
  const names = new Map(after.components.map((component) => [component.id, component.name]));
  const blocks = changes.entries.map((change) =>
    entryBlock(change, { zone, names, fileUrl, detail }),
  );
  const componentLines = changes.components.map(
    ({ kind, component }) =>
      `- ${kind === 'added' ? 'Adds' : kind === 'removed' ? 'Removes' : 'Changes'} the component ` +
      `**${escapeMarkdown(component.name)}** (\`${component.id}\`).`,
  );
  if (changes.configChanged) componentLines.push('- Changes the site settings (`statusmark.yml`).');
  if (componentLines.length > 0) blocks.push(componentLines.join('\n'));
  if (blocks.length === 0) {
    return 'This pull request changes no incident, maintenance window, component or setting.';
  }
  return blocks.join('\n\n');
}

interface Context {
  readonly zone: string;
  readonly names: ReadonlyMap<string, string>;
  readonly fileUrl: SummaryInput['fileUrl'];
  readonly detail: Detail;
}

function entryBlock(change: EntryChange, context: Context): string {
  const { entry } = change;
  const noun = entry.kind === 'incident' ? 'incident' : 'maintenance window';
  const verb = { added: 'New', changed: 'Updated', removed: 'Deleted' }[change.kind];
  const title = `**${verb} ${noun}:** [${escapeMarkdown(entry.title)}](${context.fileUrl(entry.file)})`;
  const lines: string[] = [];
  if (change.kind === 'removed') {
    lines.push(
      `- :warning: Deletes \`${entry.file}\`. Its page, feed entries and API record disappear; ` +
        'people who linked to it get a 404. Resolve an incident instead of deleting it.',
    );
  } else {
    lines.push(...factLines(change, context));
    for (const update of change.newUpdates) lines.push(updateLine(update, context));
    if (change.editedUpdates.length > 0) {
      lines.push(
        `- Edits ${plural(change.editedUpdates.length, 'earlier update')} ` +
          `(${change.editedUpdates.join(', ')}). Edits are published but notify no one.`,
      );
    }
    if (change.bodyChanged) lines.push('- Changes the description below the timeline.');
  }
  return `${title}\n${lines.join('\n')}`;
}

function factLines(change: EntryChange, context: Context): string[] {
  const { entry, before } = change;
  const lines: string[] = [];
  if (entry.kind === 'incident') {
    const impact = IMPACT_LABEL[entry.impact];
    if (change.kind === 'added') lines.push(`- ${impact}.`);
    else if (change.impactChanged && before?.kind === 'incident') {
      lines.push(`- Impact: ${IMPACT_LABEL[before.impact]} → **${impact}**.`);
    }
    if (change.kind === 'added' || change.componentsChanged) {
      const affected = Object.entries(entry.components).map(
        ([id, status]) =>
          `${escapeMarkdown(context.names.get(id) ?? id)} (${COMPONENT_STATUS_LABEL[status].toLowerCase()})`,
      );
      lines.push(`- Affects ${affected.length > 0 ? affected.join(', ') : 'no component'}.`);
    }
    const last = entry.updates.at(-1);
    const previous = before?.updates.at(-1);
    if (last && previous && last.status !== previous.status) {
      lines.push(`- Status: ${STATUS_LABEL[previous.status]} → **${STATUS_LABEL[last.status]}**.`);
    }
    if (last?.status === 'resolved' && previous?.status !== 'resolved') {
      lines.push(
        `- **Resolves the incident** after ${formatDuration(last.time - entry.startedAt)}.`,
      );
    }
  } else {
    if (change.kind === 'added' || change.scheduleChanged) {
      lines.push(
        `- Scheduled from ${formatTime(entry.scheduledFor, context.zone)} ` +
          `to ${formatTime(entry.scheduledUntil, context.zone)}.`,
      );
    }
    if (change.kind === 'added' || change.componentsChanged) {
      const names = entry.components.map((id) => escapeMarkdown(context.names.get(id) ?? id));
      lines.push(`- Under maintenance: ${names.length > 0 ? names.join(', ') : 'no component'}.`);
    }
  }
  if (change.titleChanged && before) {
    lines.push(`- Renames it from “${escapeMarkdown(before.title)}”.`);
  }
  return lines;
}

function updateLine(update: EntryUpdate, context: Context): string {
  const head = `- New update, ${formatTime(update.time, context.zone)}: **${STATUS_LABEL[update.status]}**`;
  const quiet = update.notify ? '' : ' _(published without notifying: `notify: false`)_';
  if (context.detail !== 'full') return `${head}.${quiet}`;
  return `${head}. ${escapeMarkdown(excerpt(update.message.text, 280))}${quiet}`;
}

function notificationSection(changes: ContentChanges, forecast: NotificationForecast): string {
  const announced = changes.entries.flatMap((change) =>
    change.newUpdates
      .filter((update) => forecast.fresh.has(update))
      .map((update) => ({ change, update })),
  );
  if (announced.length === 0)
    return '**Notifications on merge:** none; no new update is announced.';
  if (!forecast.setUp) {
    return (
      `**Notifications on merge:** ${plural(announced.length, 'new update')} to announce, but ` +
      'notifications are not set up for this site, so merging notifies no one.'
    );
  }
  const lines = announced.map(({ change, update }) => {
    const reached = (forecast.reach.get(update) ?? []).map(describeReach);
    return (
      `- ${escapeMarkdown(change.entry.title)}, ${STATUS_LABEL[update.status]}: ` +
      (reached.length > 0 ? reached.join(', ') : 'no target follows its components')
    );
  });
  return `**Notifications on merge:** ${plural(announced.length, 'new update')} to announce.\n\n${lines.join('\n')}`;
}

function describeReach(reach: Reach): string {
  if (reach.channel !== 'email') return `${reach.id} (${reach.channel})`;
  if (reach.recipients === null) return `${reach.id} (email, subscribers not counted here)`;
  return `${reach.id} (email, ${plural(reach.recipients, 'subscriber')})`;
}
