/** What Statusmark asks of GitHub and gets back: small plain objects, no Octokit types. */

export interface PullRequest {
  readonly number: number;
  readonly url: string;
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  readonly title: string;
  readonly headRef: string;
  readonly headSha: string;
  readonly baseRef: string;
}

export interface RepositoryFile {
  readonly text: string;
  /** The blob sha: pass it back to `putFile` to replace exactly this version. */
  readonly sha: string;
}

export interface CommentResult {
  readonly id: number;
  readonly url: string;
  readonly outcome: 'created' | 'updated' | 'unchanged';
}

export interface NewPullRequest {
  readonly title: string;
  readonly body: string;
  readonly head: string;
  readonly base: string;
}

/** The calls Statusmark makes, and nothing else. */
export interface GitHub {
  readonly owner: string;
  readonly repo: string;
  /** The sha a branch points at, or null when the branch does not exist. */
  branchSha(branch: string): Promise<string | null>;
  /** Creates `refs/heads/<branch>` at `sha`: an atomic claim, "exists" when someone was first. */
  createBranch(branch: string, sha: string): Promise<'created' | 'exists'>;
  /** A file's text at a branch or commit, or null when there is none. */
  getFile(path: string, ref: string): Promise<RepositoryFile | null>;
  /**
   * Writes a file on a branch as one commit. With `sha`, replaces exactly that version (a
   * compare-and-swap: GitHub answers 409 when the file moved on), without, creates the file.
   */
  putFile(file: {
    path: string;
    branch: string;
    text: string;
    message: string;
    sha?: string;
  }): Promise<'written' | 'conflict'>;
  /** Pull requests from a branch of this repository, open or not, newest first. */
  pullRequestsFromBranch(branch: string): Promise<PullRequest[]>;
  /** The open pull request whose head is `sha`, or null. */
  openPullRequestWithHead(sha: string): Promise<PullRequest | null>;
  /**
   * Opens a pull request, or returns the open one GitHub already has for the same head (then
   * `created` is false).
   */
  openPullRequest(request: NewPullRequest): Promise<{ pull: PullRequest; created: boolean }>;
  addLabels(issue: number, labels: readonly string[]): Promise<void>;
  requestReviewers(
    pull: number,
    reviewers: readonly string[],
    teams: readonly string[],
  ): Promise<void>;
  /**
   * Keeps one comment on an issue or pull request: the first comment whose body starts with
   * `marker` is edited in place (or left alone when unchanged); without one, a comment is created.
   */
  upsertComment(issue: number, marker: string, body: string): Promise<CommentResult>;
  /** The same for a discussion (GraphQL: discussions have no REST endpoint for comments). */
  upsertDiscussionComment(discussion: number, marker: string, body: string): Promise<CommentResult>;
}

export class GitHubError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GitHubError';
  }
}
