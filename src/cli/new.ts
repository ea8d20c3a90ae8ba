import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { IMPACTS, INCIDENT_STATUSES, type IncidentStatus } from '../schema/incident.ts';
import { dateIn } from '../domain/days.ts';
import { resolveNow } from '../domain/clock.ts';
import { idOf } from '../content/source-file.ts';
import type { ContentFiles } from '../content/parse-content.ts';
import type { SiteContent } from '../domain/model.ts';
import {
  askComponentStatuses,
  componentChoices,
  parseComponentIds,
  parseComponentStatuses,
} from './component-flags.ts';
import type { CommandContext } from './context.ts';
import { checkBeforeWriting, readForWriting } from './writable-content.ts';
import { formatTimestamp, newIncidentText, newMaintenanceText, slugify } from './incident-text.ts';
import { oneOf, plainChoices } from './choices.ts';
import { flagOrAsk, UsageError, type CliIo, type Prompter } from './io.ts';

export interface NewOptions {
  readonly maintenance?: boolean;
  readonly title?: string;
  readonly impact?: string;
  readonly component?: string[];
  readonly status?: string;
  readonly message?: string;
  readonly id?: string;
  readonly scheduledFor?: string;
  readonly scheduledUntil?: string;
  readonly notify: boolean;
}

/** Scaffolds `incidents/<date>-<slug>.md` and prints its path. */
export async function newCommand(
  context: CommandContext,
  options: NewOptions,
  io: CliIo,
  prompter: Prompter | null,
): Promise<number> {
  const { files, content } = await readForWriting(context.root);
  const at = formatTimestamp(context.now);
  const title = await flagOrAsk(options.title, '--title', prompter, (p) =>
    p.text('Title (what visitors read, e.g. "Elevated API error rates"):', (value) =>
      value.trim().length > 200 ? 'At most 200 characters.' : true,
    ),
  );
  let text: string;
  if (options.maintenance) {
    const scheduledFor = await askTime(
      options.scheduledFor,
      '--scheduled-for',
      'Starts at',
      prompter,
    );
    const scheduledUntil = await askTime(
      options.scheduledUntil,
      '--scheduled-until',
      'Ends at',
      prompter,
    );
    const components =
      options.component !== undefined
        ? parseComponentIds(options.component, content)
        : await flagOrAsk(undefined, '--component', prompter, (p) =>
            p.checkbox('Components under maintenance:', componentChoices(content)),
          );
    const message = await flagOrAsk(options.message, '--message', prompter, (p) =>
      p.text('Announcement (Markdown):'),
    );
    text = newMaintenanceText({
      title,
      components,
      notify: options.notify,
      scheduledFor,
      scheduledUntil,
      update: { at, status: 'scheduled', message },
    });
  } else {
    const impact = await flagOrAsk(
      oneOf('--impact', options.impact, IMPACTS, 'an impact'),
      '--impact',
      prompter,
      (p) => p.select('Impact:', plainChoices(IMPACTS)),
    );
    const components =
      options.component !== undefined
        ? parseComponentStatuses(options.component, content)
        : await flagOrAsk(undefined, '--component', prompter, (p) =>
            askComponentStatuses(p, content, 'Affected components:'),
          );
    // Most incidents open as "investigating", so scripts may leave the status out.
    const status =
      oneOf('--status', options.status, INCIDENT_STATUSES, 'an incident status') ??
      (prompter ? await askIncidentStatus(prompter) : 'investigating');
    const message = await flagOrAsk(options.message, '--message', prompter, (p) =>
      p.text('First update (Markdown):'),
    );
    text = newIncidentText({
      title,
      impact,
      components,
      notify: options.notify,
      update: { at, status, message },
    });
  }

  const file = await writeNewEntry(context, files, content, { title, text, id: options.id });
  io.stdout.write(`Created ${file}\n`);
  return 0;
}

/**
 * Writes a new incident or maintenance file: picks a free id from the date and title (or takes
 * `id`), checks the text against the site's components, and writes `incidents/<id>.md`. The
 * `new` command and the dispatch workflow both create files through here.
 */
export async function writeNewEntry(
  context: CommandContext,
  files: ContentFiles,
  content: SiteContent,
  entry: { readonly title: string; readonly text: string; readonly id?: string | undefined },
): Promise<string> {
  const date = dateIn(context.now, content.config.time_zone);
  const taken = new Set(files.incidents.map((source) => idOf(source.path)));
  if (entry.id !== undefined && taken.has(entry.id)) {
    throw new UsageError(`--id: an incident with the id "${entry.id}" exists; choose another id.`);
  }
  const id = entry.id ?? freeId(taken, `${date}-${slugify(entry.title)}`);
  const file = `incidents/${id}.md`;
  checkBeforeWriting(files, file, entry.text);
  await mkdir(path.join(context.root, 'incidents'), { recursive: true });
  await writeFile(path.join(context.root, file), entry.text, 'utf8');
  return file;
}

export function askIncidentStatus(prompter: Prompter): Promise<IncidentStatus> {
  return prompter.select('Status:', plainChoices(INCIDENT_STATUSES));
}

async function askTime(
  value: string | undefined,
  flag: string,
  question: string,
  prompter: Prompter | null,
): Promise<string> {
  const answer = await flagOrAsk(value, flag, prompter, (p) =>
    p.text(`${question} (e.g. 2026-03-01T02:00:00Z):`, (text) =>
      typeof resolveNow(text) === 'number' ? true : 'Write an ISO 8601 time with a zone.',
    ),
  );
  const time = resolveNow(answer);
  if (typeof time !== 'number') throw new UsageError(`${flag}: ${time.error}`);
  return formatTimestamp(time);
}

/** `id`, or `id-2`, `id-3`… when that id is taken. */
function freeId(taken: ReadonlySet<string>, id: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? id : `${id}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
