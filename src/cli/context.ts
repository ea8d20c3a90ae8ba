import path from 'node:path';
import { resolveNow } from '../domain/clock.ts';
import { parseContent, type ContentFiles } from '../content/parse-content.ts';
import { formatProblems, type Problem } from '../content/problems.ts';
import { readContentFiles } from '../content/read-files.ts';
import type { SiteContent } from '../domain/model.ts';
import { InvalidContentError, UsageError, type CliIo } from './io.ts';

/** Options every command takes. */
export interface CommonOptions {
  readonly root?: string;
  readonly now?: string;
}

export interface CommandContext {
  readonly root: string;
  readonly now: number;
}

/** `--root` (else the current directory) and `--now` (else `STATUSMARK_NOW`, else the clock). */
export function commandContext(options: CommonOptions, io: CliIo): CommandContext {
  const now = resolveNow(options.now ?? io.env.STATUSMARK_NOW);
  if (typeof now !== 'number') throw new UsageError(`--now: ${now.error}`);
  return { root: path.resolve(io.cwd, options.root ?? '.'), now };
}

/** The content a writing command works on; only the site config must be valid to start. */
export interface WritableContent {
  readonly files: ContentFiles;
  readonly content: SiteContent;
}

export async function readForWriting(root: string): Promise<WritableContent> {
  const files = await readContentFiles(root);
  const { content, problems } = parseContent(files);
  if (content === null) throw contentProblems(problems, 'Nothing was written');
  return { files, content };
}

/**
 * Checks the content as it would be with `text` written to `file`, and refuses when that file
 * would have problems. Problems in other files are theirs: they do not block an update
 * during an outage.
 */
export function checkBeforeWriting(files: ContentFiles, file: string, text: string): void {
  const bytes = new TextEncoder().encode(text);
  const others = files.incidents.filter((source) => source.path !== file);
  const { problems } = parseContent({ ...files, incidents: [...others, { path: file, bytes }] });
  const own = problems.filter((problem) => problem.file === file);
  if (own.length > 0) throw contentProblems(own, `Nothing was written to ${file}`);
}

function contentProblems(problems: readonly Problem[], outcome: string): InvalidContentError {
  return new InvalidContentError(
    `${formatProblems(problems)}\n${outcome}: fix the problems above, then run the command again.`,
  );
}
