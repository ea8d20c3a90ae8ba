import type { SiteContent } from '../domain/model.ts';
import { parseContent, type ParseResult } from './parse-content.ts';
import type { ParseMemo } from './parse-memo.ts';
import { formatProblems, type Problem } from './problems.ts';
import { readContentFiles } from './read-files.ts';

/** Thrown when content has problems: nothing may be built or published from it. */
export class ContentError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(`${formatProblems(problems)}\nNothing was built: fix the problems above and run again.`);
    this.name = 'ContentError';
    this.problems = problems;
  }
}

/** Reads and checks the content repository at `root`, returning every problem found. */
export async function checkContent(root: string, memo?: ParseMemo): Promise<ParseResult> {
  return parseContent(await readContentFiles(root), memo);
}

/** The content at `root`, or a ContentError listing every problem. */
export async function loadContent(root: string): Promise<SiteContent> {
  const { content, problems } = await checkContent(root);
  if (problems.length > 0 || content === null) throw new ContentError(problems);
  return content;
}
