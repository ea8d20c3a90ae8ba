import { actionsContext, setOutputs } from '../github/actions-env.ts';
import { openIncidentPullRequest } from '../workflow/dispatch.ts';
import { declareFromIssue } from '../workflow/issue-incident.ts';
import { commentOnPullRequest } from '../workflow/pr-comment.ts';
import { requestFromFields } from '../workflow/request-fields.ts';
import { commandContext, type CommonOptions } from './context.ts';
import { EXIT } from './exit-codes.ts';
import { UsageError, type CliIo } from './io.ts';

/** A workflow command: its options, where it prints, and its exit code. */
type WorkflowRun = (
  options: CommonOptions,
  io: CliIo,
  log: (line: string) => void,
) => Promise<number>;

/** `pr-comment`: the summary comment on the pull request of a finished Check run. */
export const prComment: WorkflowRun = async (options, io, log) => {
  const { root } = commandContext(options, io);
  const { github, repositoryUrl, event } = await actionsContext(io.env, log);
  const run = event.workflow_run as { head_sha?: unknown } | undefined;
  const headSha = typeof run?.head_sha === 'string' ? run.head_sha : undefined;
  if (!headSha) {
    throw new UsageError('The event has no workflow_run.head_sha: run this on workflow_run.');
  }
  const result = await commentOnPullRequest(github, {
    repoDir: root,
    base: 'HEAD',
    headSha,
    repositoryUrl,
    env: io.env,
  });
  log(
    result.outcome === 'no-pull-request'
      ? `No open pull request has ${headSha} as its head; nothing to comment on.`
      : `The summary comment on #${result.pull.number} was ${result.comment.outcome}: ${result.comment.url}`,
  );
  return EXIT.ok;
};

/** `issue-form`: an incident pull request for an issue filed with the incident form. */
export const issueForm: WorkflowRun = async (options, io, log) => {
  const { root } = commandContext(options, io);
  const { github, event, defaultBranch, now } = await actionsContext(io.env, log);
  const issue = event.issue as { number?: number; body?: string | null } | undefined;
  if (typeof issue?.number !== 'number') {
    throw new UsageError('The event has no issue: run this on issues.');
  }
  const { outcome, pull } = await declareFromIssue({
    github,
    root,
    now,
    issue: issue.number,
    body: issue.body ?? '',
    baseBranch: defaultBranch,
  });
  log(
    outcome === 'opened'
      ? `Opened pull request #${pull.number} for issue #${issue.number}: ${pull.url}`
      : `Issue #${issue.number} already has pull request #${pull.number}: ${pull.url}`,
  );
  await setOutputs(io.env, { outcome, 'pull-request-url': pull.url });
  return EXIT.ok;
};

/** `dispatch`: an incident pull request for a repository_dispatch or workflow_dispatch event. */
export const dispatch: WorkflowRun = async (options, io, log) => {
  const { root } = commandContext(options, io);
  const { github, event, defaultBranch, now } = await actionsContext(io.env, log);
  const manual = io.env.GITHUB_EVENT_NAME === 'workflow_dispatch';
  const payload = manual
    ? requestFromFields(isRecord(event.inputs) ? event.inputs : {})
    : event.client_payload;
  const { outcome, pull } = await openIncidentPullRequest({
    github,
    root,
    now,
    payload,
    baseBranch: defaultBranch,
    origin: manual
      ? 'a manual run of the dispatch workflow'
      : 'an alerting tool (repository_dispatch)',
  });
  log(
    outcome === 'opened'
      ? `Opened pull request #${pull.number}: ${pull.url}`
      : `This idempotency key already has pull request #${pull.number}: ${pull.url}`,
  );
  await setOutputs(io.env, {
    outcome,
    'pull-request-number': String(pull.number),
    'pull-request-url': pull.url,
  });
  return EXIT.ok;
};

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
