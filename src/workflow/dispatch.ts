import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { readForWriting } from '../cli/writable-content.ts';
import { newIncidentText, formatTimestamp, slugify } from '../cli/incident-text.ts';
import { writeNewEntry } from '../cli/new.ts';
import type { SiteContent } from '../domain/model.ts';
import type { GitHub, PullRequest } from '../github/client.ts';
import { COMPONENT_STATUS_LABEL, IMPACT_LABEL, STATUS_LABEL } from '../render/format.ts';
import { parseIncidentRequest, type IncidentRequest } from './incident-request.ts';
import { escapeMarkdown, excerpt } from './markdown-text.ts';

const run = promisify(execFile);

export interface DispatchOptions {
  readonly github: GitHub;
  /** A checkout of the base branch: the file is written here with the CLI's code, then checked. */
  readonly root: string;
  readonly now: number;
  readonly payload: unknown;
  /** The branch the pull request targets. */
  readonly baseBranch: string;
  /** Who asked, for the pull request body, e.g. "an alerting tool (repository_dispatch)". */
  readonly origin: string;
}

export interface DispatchResult {
  /** `opened`: this run opened the pull request; `existing`: the idempotency key had one. */
  readonly outcome: 'opened' | 'existing';
  readonly pull: PullRequest;
}

/**
 * Turns an incident request into a pull request that adds the incident file. The request is
 * checked first (an invalid one throws InvalidRequestError and opens nothing). With an
 * idempotency key, the branch name comes from the key and is claimed atomically by creating the
 * ref, so repeated or racing requests with one key all end at the first pull request.
 */
export async function openIncidentPullRequest(options: DispatchOptions): Promise<DispatchResult> {
  const { github } = options;
  const { files, content } = await readForWriting(options.root);
  const request = parseIncidentRequest(options.payload, content);
  const branch = branchFor(request);

  const earlier = await firstPullRequest(github, branch);
  if (earlier) return { outcome: 'existing', pull: earlier };

  const text = newIncidentText({
    title: request.title,
    impact: request.impact,
    components: request.components,
    notify: request.notify,
    update: { at: formatTimestamp(options.now), status: request.status, message: request.message },
  });
  const file = await writeNewEntry(options, files, content, { title: request.title, text });
  const baseSha = (await run('git', ['rev-parse', 'HEAD'], { cwd: options.root })).stdout.trim();

  if ((await github.createBranch(branch, baseSha)) === 'exists') {
    // Another run with this key claimed the branch first; its pull request may be open by now.
    const theirs = await firstPullRequest(github, branch);
    if (theirs) return { outcome: 'existing', pull: theirs };
  }
  // A conflict means the file is already on the branch (the other run wrote it): keep that one.
  await github.putFile({ path: file, branch, text, message: `Declare incident: ${request.title}` });
  const { pull, created } = await github.openPullRequest({
    title: `Incident: ${request.title}`,
    head: branch,
    base: options.baseBranch,
    body: pullRequestBody(request, content, file, options.origin),
  });
  // A racing run with the same key opened it a moment ago, and labels it itself.
  if (!created) return { outcome: 'existing', pull };
  const settings = content.config.pull_requests;
  await github.addLabels(pull.number, settings.labels);
  await github.requestReviewers(pull.number, settings.reviewers, settings.team_reviewers);
  return { outcome: 'opened', pull };
}

/**
 * `statusmark/incident/<key>`: readable when the key is a plain slug, else a slug plus a hash
 * (ref names refuse some characters). Without a key, a random suffix keeps requests apart.
 */
export function branchFor(request: IncidentRequest): string {
  const key = request.idempotencyKey;
  if (key === null) {
    return `statusmark/incident/${slugify(request.title)}-${randomBytes(4).toString('hex')}`;
  }
  if (/^[a-z0-9][a-z0-9-]{0,80}$/.test(key)) return `statusmark/incident/${key}`;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return `statusmark/incident/${slugify(key).slice(0, 40)}-${hash}`;
}

async function firstPullRequest(github: GitHub, branch: string): Promise<PullRequest | null> {
  const pulls = await github.pullRequestsFromBranch(branch);
  return pulls.at(-1) ?? null;
}

function pullRequestBody(
  request: IncidentRequest,
  content: SiteContent,
  file: string,
  origin: string,
): string {
  const names = new Map(content.components.map((component) => [component.id, component.name]));
  const affected = Object.entries(request.components).map(
    ([id, status]) =>
      `${escapeMarkdown(names.get(id) ?? id)} (${COMPONENT_STATUS_LABEL[status].toLowerCase()})`,
  );
  return [
    `This pull request declares an incident. It was opened for ${origin}.`,
    `**${escapeMarkdown(request.title)}**: ${IMPACT_LABEL[request.impact]}, ${STATUS_LABEL[request.status]}.`,
    `Affects ${affected.length > 0 ? affected.join(', ') : 'no component'}.`,
    `> ${escapeMarkdown(excerpt(request.message, 1000))}`,
    `Review \`${file}\`, then merge to publish it. ` +
      (request.notify
        ? 'Merging notifies subscribers.'
        : 'It is published without notifying subscribers (`notify: false`).'),
  ].join('\n\n');
}
