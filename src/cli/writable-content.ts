import { parseContent, type ContentFiles } from '../content/parse-content.ts';
import { formatProblems, type Problem } from '../content/problems.ts';
import { readContentFiles } from '../content/read-files.ts';
import type { SiteContent } from '../domain/model.ts';
import { InvalidContentError } from './io.ts';

/**
 * What a writing command works on: every file as read, and the site config and components
 * parsed (incidents are parsed one at a time, only the one being written).
 */
export interface WritableContent {
  readonly files: ContentFiles;
  readonly content: SiteContent;
}

export async function readForWriting(root: string): Promise<WritableContent> {
  const files = await readContentFiles(root);
  const { content, problems } = parseContent({ ...files, incidents: [] });
  if (content === null) throw contentProblems(problems, 'Nothing was written');
  return { files, content };
}

/**
 * Checks `text` as the content of `file`, against the site's components, and refuses when it
 * has problems. Other incident files are not read: a mistake elsewhere must not block an update
 * during an outage. (Ids stay unique because `new` picks a free one and `update` keeps its file.)
 */
export function checkBeforeWriting(files: ContentFiles, file: string, text: string): void {
  const incident = { path: file, bytes: new TextEncoder().encode(text) };
  const { problems } = parseContent({ ...files, incidents: [incident] });
  const own = problems.filter((problem) => problem.file === file);
  if (own.length > 0) throw contentProblems(own, `Nothing was written to ${file}`);
}

export function contentProblems(
  problems: readonly Problem[],
  outcome: string,
): InvalidContentError {
  return new InvalidContentError(
    `${formatProblems(problems)}\n${outcome}: fix the problems above, then run the command again.`,
  );
}
