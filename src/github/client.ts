import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { describe, detailsOf, messageOf, statusOf } from './errors.ts';
import {
  GitHubError,
  type CommentResult,
  type GitHub,
  type NewPullRequest,
  type PullRequest,
  type RepositoryFile,
} from './types.ts';

export type { CommentResult, GitHub, NewPullRequest, PullRequest, RepositoryFile };
export { GitHubError };

/**
 * The one module that talks to GitHub. Scripts create a client here and pass it down; nothing else
 * imports Octokit. Every method speaks in Statusmark's terms and returns small plain objects.
 */

export interface GitHubOptions {
  /** A token with the permissions the calling workflow grants (GITHUB_TOKEN or an app token). */
  readonly token: string;
  /** `owner/name`. */
  readonly repository: string;
  /** The REST API root, `https://api.github.com` unless on GitHub Enterprise (or a test stand-in). */
  readonly apiUrl?: string;
  /** Where retries and rate-limit waits are reported (never a token or a request body). */
  readonly log?: (line: string) => void;
  /** Server errors are retried this many times, with waits of 1, 4, 9… × `retryBaseMs`. */
  readonly retries?: number;
  readonly retryBaseMs?: number;
  /**
   * GitHub asks integrations to space requests that create content (1 s between writes, 3 s
   * between requests that notify people), or it answers with secondary rate limits. Tests
   * against a loopback stand-in turn the spacing off.
   */
  readonly paced?: boolean;
  /** A rate-limit wait longer than this fails the run instead of holding the job (seconds). */
  readonly maxRateLimitWaitSeconds?: number;
  /** A request GitHub does not answer within this is abandoned (and retried like a 5xx). */
  readonly requestTimeoutMs?: number;
}

/**
 * Statuses never retried by the HTTP layer: client errors, and 409, which answers a
 * compare-and-swap whose sha moved on. Only the caller can redo that (read again, reapply).
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 451];

const PacedOctokit = Octokit.plugin(retry, throttling);

export function createGitHub(options: GitHubOptions): GitHub {
  const [owner, repo, ...rest] = options.repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new GitHubError(`The repository "${options.repository}" is not of the form owner/name.`);
  }
  const log = options.log ?? (() => undefined);
  const maxWait = options.maxRateLimitWaitSeconds ?? 900;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _: unknown, retries: number) => {
      if (retries >= 3 || retryAfter > maxWait) {
        log(`GitHub's ${kind} was reached on ${request.method} ${request.url}; giving up.`);
        return false;
      }
      log(
        `GitHub's ${kind} was reached on ${request.method} ${request.url}; retrying in ${retryAfter} s.`,
      );
      return true;
    };
  const unpaced = () => new Bottleneck.Group({ maxConcurrent: 10, minTime: 0 });
  const octokit = new PacedOctokit({
    auth: options.token,
    baseUrl: options.apiUrl ?? 'https://api.github.com',
    userAgent: 'statusmark',
    // Octokit logs every failed request, expected 404s included; Statusmark reports failures in
    // its own words (GitHubError) and passes only Octokit's warnings on.
    log: { debug: () => undefined, info: () => undefined, warn: log, error: () => undefined },
    retry: {
      retries: options.retries ?? 3,
      retryAfterBaseValue: options.retryBaseMs ?? 1000,
      doNotRetry: DO_NOT_RETRY,
    },
    request: { fetch: timedFetch(options.requestTimeoutMs ?? 30_000) },
    throttle: {
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      retryAfterBaseValue: options.retryBaseMs ?? 1000,
      ...(options.paced === false
        ? { write: unpaced(), notifications: unpaced(), search: unpaced() }
        : {}),
    },
  });
  return new OctokitGitHub(octokit, owner, repo);
}

/** fetch with a deadline: a GitHub that never answers must not hold a run forever. */
function timedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, signal });
  };
}

type StatusmarkOctokit = InstanceType<typeof PacedOctokit>;

class OctokitGitHub implements GitHub {
  readonly owner: string;
  readonly repo: string;
  private readonly octokit: StatusmarkOctokit;

  constructor(octokit: StatusmarkOctokit, owner: string, repo: string) {
    this.octokit = octokit;
    this.owner = owner;
    this.repo = repo;
  }

  private get where() {
    return { owner: this.owner, repo: this.repo };
  }

  async branchSha(branch: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.git.getRef({
        ...this.where,
        ref: `heads/${branch}`,
      });
      return data.object.sha;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw describe(error, `reading the branch ${branch}`);
    }
  }

  async createBranch(branch: string, sha: string): Promise<'created' | 'exists'> {
    try {
      await this.octokit.rest.git.createRef({ ...this.where, ref: `refs/heads/${branch}`, sha });
      return 'created';
    } catch (error) {
      if (statusOf(error) === 422 && /already exists/i.test(messageOf(error))) return 'exists';
      throw describe(error, `creating the branch ${branch}`);
    }
  }

  async getFile(path: string, ref: string): Promise<RepositoryFile | null> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ ...this.where, path, ref });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
        throw new GitHubError(`${path} at ${ref} is not a file.`);
      }
      // Above 1 MB the contents API answers without the content (`encoding: none`); the blob
      // API serves files up to 100 MB.
      if (data.encoding === 'none') {
        const blob = await this.octokit.rest.git.getBlob({ ...this.where, file_sha: data.sha });
        return { text: Buffer.from(blob.data.content, 'base64').toString('utf8'), sha: data.sha };
      }
      return { text: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw describe(error, `reading ${path} at ${ref}`);
    }
  }

  async putFile(file: {
    path: string;
    branch: string;
    text: string;
    message: string;
    sha?: string;
  }): Promise<'written' | 'conflict'> {
    try {
      await this.octokit.rest.repos.createOrUpdateFileContents({
        ...this.where,
        path: file.path,
        branch: file.branch,
        message: file.message,
        content: Buffer.from(file.text, 'utf8').toString('base64'),
        ...(file.sha === undefined ? {} : { sha: file.sha }),
      });
      return 'written';
    } catch (error) {
      // 409: the sha given is no longer the file's; 422 without a sha: the file already exists.
      const status = statusOf(error);
      if (status === 409 || (status === 422 && file.sha === undefined)) return 'conflict';
      throw describe(error, `writing ${file.path} on ${file.branch}`);
    }
  }

  async pullRequestsFromBranch(branch: string): Promise<PullRequest[]> {
    try {
      const pulls = await this.octokit.paginate(this.octokit.rest.pulls.list, {
        ...this.where,
        state: 'all',
        head: `${this.owner}:${branch}`,
        per_page: 100,
      });
      return pulls.map(toPullRequest);
    } catch (error) {
      throw describe(error, `listing pull requests from ${branch}`);
    }
  }

  async openPullRequestWithHead(sha: string): Promise<PullRequest | null> {
    try {
      for await (const { data } of this.octokit.paginate.iterator(this.octokit.rest.pulls.list, {
        ...this.where,
        state: 'open',
        per_page: 100,
      })) {
        const pull = data.find((candidate) => candidate.head.sha === sha);
        if (pull) return toPullRequest(pull);
      }
      return null;
    } catch (error) {
      throw describe(error, `finding the pull request of ${sha}`);
    }
  }

  async openPullRequest(request: NewPullRequest): Promise<{ pull: PullRequest; created: boolean }> {
    try {
      const { data } = await this.octokit.rest.pulls.create({ ...this.where, ...request });
      return { pull: toPullRequest(data), created: true };
    } catch (error) {
      // A retried request may find its own pull request already open: return that one.
      if (statusOf(error) === 422 && /already exists/i.test(detailsOf(error))) {
        const existing = (await this.pullRequestsFromBranch(request.head)).find(
          (pull) => pull.state === 'open',
        );
        if (existing) return { pull: existing, created: false };
      }
      throw describe(error, `opening a pull request from ${request.head}`);
    }
  }

  async addLabels(issue: number, labels: readonly string[]): Promise<void> {
    if (labels.length === 0) return;
    try {
      await this.octokit.rest.issues.addLabels({
        ...this.where,
        issue_number: issue,
        labels: [...labels],
      });
    } catch (error) {
      throw describe(error, `labelling #${issue}`);
    }
  }

  async requestReviewers(
    pull: number,
    reviewers: readonly string[],
    teams: readonly string[],
  ): Promise<void> {
    if (reviewers.length === 0 && teams.length === 0) return;
    try {
      await this.octokit.rest.pulls.requestReviewers({
        ...this.where,
        pull_number: pull,
        reviewers: [...reviewers],
        team_reviewers: [...teams],
      });
    } catch (error) {
      throw describe(error, `requesting reviews on #${pull}`);
    }
  }

  async upsertComment(issue: number, marker: string, body: string): Promise<CommentResult> {
    const text = `${marker}\n${body}`;
    try {
      for await (const { data } of this.octokit.paginate.iterator(
        this.octokit.rest.issues.listComments,
        { ...this.where, issue_number: issue, per_page: 100 },
      )) {
        const mine = data.find((comment) => comment.body?.startsWith(marker));
        if (!mine) continue;
        if (mine.body === text) return { id: mine.id, url: mine.html_url, outcome: 'unchanged' };
        const { data: updated } = await this.octokit.rest.issues.updateComment({
          ...this.where,
          comment_id: mine.id,
          body: text,
        });
        return { id: updated.id, url: updated.html_url, outcome: 'updated' };
      }
      const { data: created } = await this.octokit.rest.issues.createComment({
        ...this.where,
        issue_number: issue,
        body: text,
      });
      return { id: created.id, url: created.html_url, outcome: 'created' };
    } catch (error) {
      throw describe(error, `commenting on #${issue}`);
    }
  }
  async upsertDiscussionComment(
    discussion: number,
    marker: string,
    body: string,
  ): Promise<CommentResult> {
    const text = `${marker}\n${body}`;
    try {
      let after: string | null = null;
      let discussionId: string | null = null;
      for (;;) {
        const page: DiscussionPage = await this.octokit.graphql<DiscussionPage>(
          `query StatusmarkDiscussion($owner: String!, $repo: String!, $number: Int!, $after: String) {
            repository(owner: $owner, name: $repo) {
              discussion(number: $number) {
                id
                comments(first: 100, after: $after) {
                  nodes { id body url }
                  pageInfo { hasNextPage endCursor }
                }
              }
            }
          }`,
          { owner: this.owner, repo: this.repo, number: discussion, after },
        );
        const found = page.repository.discussion;
        if (!found) throw new GitHubError(`Discussion #${discussion} does not exist.`);
        discussionId = found.id;
        const mine = found.comments.nodes.find((comment) => comment.body.startsWith(marker));
        if (mine) {
          if (mine.body === text) return { id: 0, url: mine.url, outcome: 'unchanged' };
          const updated = await this.octokit.graphql<{
            updateDiscussionComment: { comment: { url: string } };
          }>(
            `mutation StatusmarkUpdateDiscussionComment($id: ID!, $body: String!) {
              updateDiscussionComment(input: { commentId: $id, body: $body }) { comment { url } }
            }`,
            { id: mine.id, body: text },
          );
          return { id: 0, url: updated.updateDiscussionComment.comment.url, outcome: 'updated' };
        }
        if (!found.comments.pageInfo.hasNextPage) break;
        after = found.comments.pageInfo.endCursor;
      }
      const added = await this.octokit.graphql<{
        addDiscussionComment: { comment: { url: string } };
      }>(
        `mutation StatusmarkAddDiscussionComment($id: ID!, $body: String!) {
          addDiscussionComment(input: { discussionId: $id, body: $body }) { comment { url } }
        }`,
        { id: discussionId, body: text },
      );
      return { id: 0, url: added.addDiscussionComment.comment.url, outcome: 'created' };
    } catch (error) {
      throw describe(error, `commenting on discussion #${discussion}`);
    }
  }
}

interface DiscussionPage {
  repository: {
    discussion: {
      id: string;
      comments: {
        nodes: { id: string; body: string; url: string }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } | null;
  };
}

interface PullData {
  number: number;
  html_url: string;
  state: string;
  merged_at: string | null;
  title: string;
  head: { ref: string; sha: string };
  base: { ref: string };
}

function toPullRequest(data: PullData): PullRequest {
  return {
    number: data.number,
    url: data.html_url,
    state: data.state === 'open' ? 'open' : 'closed',
    merged: data.merged_at !== null,
    title: data.title,
    headRef: data.head.ref,
    headSha: data.head.sha,
    baseRef: data.base.ref,
  };
}
