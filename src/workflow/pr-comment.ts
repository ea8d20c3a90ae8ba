import { parseContent } from '../content/parse-content.ts';
import { mergeBase, readContentAtRevision, resolveRevision } from '../content/read-git.ts';
import type { CommentResult, GitHub, PullRequest } from '../github/client.ts';
import { forecastNotifications } from '../notify/forecast.ts';
import { diffContent } from './changes.ts';
import { renderSummary, SUMMARY_MARKER, type SummaryInput } from './pr-summary.ts';

export interface SummaryOptions {
  /** A git repository holding both commits. */
  readonly repoDir: string;
  /** The pull request's target (its merge base with `head` is what the head is compared to). */
  readonly base: string;
  readonly head: string;
  /** The repository's web address, e.g. `https://github.com/acme/status`, for file links. */
  readonly repositoryUrl: string;
  readonly budget?: number;
  /** Where email subscriber lists are read, to count them (never printed). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The pull request summary for two revisions of a repository, read from git's objects (the head
 * is never checked out or run). Both sides are parsed in full; the head's problems are listed.
 */
export async function summarizeRevisions(options: SummaryOptions): Promise<string> {
  const headSha = await resolveRevision(options.repoDir, options.head);
  const baseSha = await mergeBase(options.repoDir, options.base, headSha);
  const [beforeFiles, afterFiles] = await Promise.all([
    readContentAtRevision(options.repoDir, baseSha),
    readContentAtRevision(options.repoDir, headSha),
  ]);
  const before = parseContent(beforeFiles);
  const after = parseContent(afterFiles);
  const changes = after.content ? diffContent(before.content, after.content) : null;
  const forecast = after.content
    ? await forecastNotifications(before.content, after.content, options.env ?? {})
    : { setUp: false, fresh: new Set<never>(), reach: new Map() };
  const input: SummaryInput = {
    after: after.content,
    changes,
    problems: after.problems,
    forecast,
    headSha,
    baseSha,
    fileUrl: (file, line) =>
      `${options.repositoryUrl}/blob/${headSha}/${file.split('/').map(encodeURIComponent).join('/')}${line === undefined ? '' : `#L${line}`}`,
    ...(options.budget === undefined ? {} : { budget: options.budget }),
  };
  return renderSummary(input);
}

export type PullRequestCommentResult =
  | { readonly outcome: 'no-pull-request' }
  | { readonly outcome: 'commented'; readonly pull: PullRequest; readonly comment: CommentResult };

/**
 * Finds the open pull request whose head is `headSha` (asked of GitHub, never taken from the
 * pull request's own output) and keeps Statusmark's one comment on it up to date.
 */
export async function commentOnPullRequest(
  github: GitHub,
  options: Omit<SummaryOptions, 'head'> & { readonly headSha: string },
): Promise<PullRequestCommentResult> {
  const pull = await github.openPullRequestWithHead(options.headSha);
  if (!pull) return { outcome: 'no-pull-request' };
  const body = await summarizeRevisions({ ...options, head: options.headSha });
  const comment = await github.upsertComment(pull.number, SUMMARY_MARKER, body);
  return { outcome: 'commented', pull, comment };
}
