// Keeps Statusmark's comment on a pull request up to date. Runs from the `Pull request comment`
// workflow (workflow_run): the code is the default branch's, the pull request is only read.
import { actionsContext } from '../../src/github/actions-env.ts';
import { commentOnPullRequest } from '../../src/workflow/pr-comment.ts';
import { log, runScript } from './run-script.ts';

await runScript(async () => {
  const { github, repositoryUrl, event } = await actionsContext(process.env, log);
  const run = event.workflow_run as { head_sha?: unknown } | undefined;
  const headSha = typeof run?.head_sha === 'string' ? run.head_sha : undefined;
  if (!headSha) {
    throw new Error('The event has no workflow_run.head_sha: run this on workflow_run.');
  }
  const result = await commentOnPullRequest(github, {
    repoDir: process.cwd(),
    base: 'HEAD',
    headSha,
    repositoryUrl,
    env: process.env,
  });
  if (result.outcome === 'no-pull-request') {
    log(`No open pull request has ${headSha} as its head; nothing to comment on.`);
  } else {
    log(
      `The summary comment on #${result.pull.number} was ${result.comment.outcome}: ${result.comment.url}`,
    );
  }
});
