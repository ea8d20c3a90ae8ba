// Opens an incident pull request for an issue filed with the incident form.
import { actionsContext, setOutputs } from '../../src/github/actions-env.ts';
import { declareFromIssue } from '../../src/workflow/issue-incident.ts';
import { log, runScript } from './run-script.ts';

await runScript(async () => {
  const { github, event, defaultBranch, now } = await actionsContext(process.env, log);
  const issue = event.issue as { number?: number; body?: string | null } | undefined;
  if (typeof issue?.number !== 'number')
    throw new Error('The event has no issue: run this on issues.');
  const { outcome, pull } = await declareFromIssue({
    github,
    root: process.cwd(),
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
  await setOutputs(process.env, { outcome, 'pull-request-url': pull.url });
});
