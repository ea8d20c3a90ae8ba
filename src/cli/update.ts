import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../schema/incident.ts';
import { didYouMean } from '../content/did-you-mean.ts';
import { decodeText, idOf, lineBreakOf, type SourceFile } from '../content/source-file.ts';
import type { ComponentStatus } from '../domain/model.ts';
import { resolveNow } from '../domain/clock.ts';
import { askComponentStatuses, parseComponentStatuses } from './component-flags.ts';
import type { CommandContext } from './context.ts';
import { checkBeforeWriting, contentProblems, readForWriting } from './writable-content.ts';
import { parseIncidentFile } from '../content/parse-incident.ts';
import { appendUpdateText, formatTimestamp, type NewUpdate } from './incident-text.ts';
import { flagOrAsk, InvalidContentError, UsageError, type CliIo, type Prompter } from './io.ts';
import { oneOf, plainChoices } from './choices.ts';
import { askIncidentStatus } from './new.ts';

export interface UpdateOptions {
  readonly status?: string;
  readonly message?: string;
  readonly component?: string[];
  readonly at?: string;
  readonly notify: boolean;
}

/** Appends an update to an incident or maintenance window. */
export async function updateCommand(
  context: CommandContext,
  id: string,
  options: UpdateOptions,
  io: CliIo,
  prompter: Prompter | null,
): Promise<number> {
  const { files, content } = await readForWriting(context.root);
  const target = findEntry(files.incidents, id);
  let status: string;
  let components: Record<string, ComponentStatus> | undefined;
  if (target.kind === 'maintenance') {
    if (options.component !== undefined) {
      throw new UsageError(
        '--component: a maintenance window keeps its components; edit the file to change them.',
      );
    }
    status = await flagOrAsk(
      oneOf('--status', options.status, MAINTENANCE_STATUSES, 'a maintenance status'),
      '--status',
      prompter,
      (p) => p.select('Status:', plainChoices(MAINTENANCE_STATUSES)),
    );
  } else {
    status = await flagOrAsk(
      oneOf('--status', options.status, INCIDENT_STATUSES, 'an incident status'),
      '--status',
      prompter,
      askIncidentStatus,
    );
    components =
      options.component !== undefined
        ? parseComponentStatuses(options.component, content)
        : prompter
          ? await askComponentStatuses(
              prompter,
              content,
              'Components whose status changes (none to keep them):',
            )
          : undefined;
  }
  const message = await flagOrAsk(options.message, '--message', prompter, (p) =>
    p.text('Update (Markdown):'),
  );
  const at = updateTime(options.at, context.now);
  return appendAndWrite(
    context,
    files,
    target.file,
    { at, status, message, ...(components ? { components } : {}), notify: options.notify },
    io,
  );
}

export interface ResolveOptions {
  readonly message?: string;
  readonly at?: string;
  readonly notify: boolean;
}

/** Appends the closing update: `resolved` for an incident, `completed` for maintenance. */
export async function resolveCommand(
  context: CommandContext,
  id: string,
  options: ResolveOptions,
  io: CliIo,
): Promise<number> {
  const { files } = await readForWriting(context.root);
  const target = findEntry(files.incidents, id);
  const maintenance = target.kind === 'maintenance';
  const update: NewUpdate = {
    at: updateTime(options.at, context.now),
    status: maintenance ? 'completed' : 'resolved',
    message:
      options.message ??
      (maintenance ? 'The maintenance is complete.' : 'This incident has been resolved.'),
    notify: options.notify,
  };
  return appendAndWrite(context, files, target.file, update, io);
}

interface Target {
  readonly file: SourceFile;
  readonly kind: 'incident' | 'maintenance';
}

/** The file of incident `id`, and whether it is a maintenance window (read from the file). */
function findEntry(sources: readonly SourceFile[], id: string): Target {
  const file = sources.find((source) => idOf(source.path) === id);
  if (!file) {
    const ids = sources.map((source) => idOf(source.path));
    throw new UsageError(`There is no incident "${id}" in incidents/.${didYouMean(id, ids)}`);
  }
  const { parsed, problems } = parseIncidentFile(file);
  if (!parsed) throw contentProblems(problems, `Nothing was written to ${file.path}`);
  return { file, kind: parsed.entry.kind };
}

async function appendAndWrite(
  context: CommandContext,
  files: Parameters<typeof checkBeforeWriting>[0],
  source: SourceFile,
  update: NewUpdate,
  io: CliIo,
): Promise<number> {
  const text = decodeText(source);
  if (typeof text !== 'string') throw new InvalidContentError(`${source.path}: ${text.message}`);
  const appended = appendUpdateText(text, update);
  // The text was read with LF line breaks; a file saved with CRLF keeps them.
  const next = lineBreakOf(source) === '\r\n' ? appended.replaceAll('\n', '\r\n') : appended;
  checkBeforeWriting(files, source.path, next);
  await writeFile(path.join(context.root, source.path), next, 'utf8');
  io.stdout.write(`Added the update "${update.status}" to ${source.path}\n`);
  return 0;
}

function updateTime(at: string | undefined, now: number): string {
  if (at === undefined) return formatTimestamp(now);
  const time = resolveNow(at);
  if (typeof time !== 'number') throw new UsageError(`--at: ${time.error}`);
  return formatTimestamp(time);
}
