// Opens an incident pull request for a repository_dispatch or workflow_dispatch event.
import { actionsContext, setOutputs } from '../../src/github/actions-env.ts';
import { openIncidentPullRequest } from '../../src/workflow/dispatch.ts';
import { requestFromFields } from '../../src/workflow/request-fields.ts';
import { log, runScript } from './run-script.ts';

await runScript(async () => {
  const { github, event, defaultBranch, now } = await actionsContext(process.env, log);
  const manual = process.env.GITHUB_EVENT_NAME === 'workflow_dispatch';
  const payload = manual
    ? requestFromFields(isRecord(event.inputs) ? event.inputs : {})
    : event.client_payload;
  const { outcome, pull } = await openIncidentPullRequest({
    github,
    root: process.cwd(),
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
  await setOutputs(process.env, {
    outcome,
    'pull-request-number': String(pull.number),
    'pull-request-url': pull.url,
  });
});

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
