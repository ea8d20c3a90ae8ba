import type { CommonOptions } from './context.ts';
import type { ProgramParts } from './program.ts';

/**
 * The commands the workflows run, one per workflow, so a workflow file is a thin call of the
 * installed Statusmark and every fix arrives with the package. Each reads the GitHub Actions
 * environment (the token, the event file) and talks to GitHub through src/github/.
 */
export function registerGithubCommands({ command, io, wrap }: ProgramParts): void {
  const log = (line: string) => io.stdout.write(`${line}\n`);
  // The GitHub client and the workflows' modules load only when one of these commands runs.
  const runs = () => import('./github-runs.ts');

  command(
    'pr-comment',
    'Workflow: keep the summary comment on the pull request of a finished Check run up to date.',
  ).action(wrap(async (options: CommonOptions) => (await runs()).prComment(options, io, log)));

  command(
    'dispatch',
    'Workflow: open an incident pull request for a repository_dispatch or workflow_dispatch event.',
  ).action(wrap(async (options: CommonOptions) => (await runs()).dispatch(options, io, log)));

  command(
    'issue-form',
    'Workflow: open an incident pull request for an issue filed with the incident form.',
  ).action(wrap(async (options: CommonOptions) => (await runs()).issueForm(options, io, log)));
}
