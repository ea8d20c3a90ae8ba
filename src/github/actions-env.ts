import { appendFile, readFile } from 'node:fs/promises';
import { createGitHub, type GitHub } from './client.ts';

/**
 * What a GitHub Actions job provides to a Statusmark script: the repository, the API address,
 * the event payload and a token (passed by the workflow as GITHUB_TOKEN). Missing values are
 * reported by name, so a misconfigured workflow says what to add.
 */
export interface ActionsContext {
  readonly github: GitHub;
  readonly repository: string;
  /** `https://github.com/owner/name`. */
  readonly repositoryUrl: string;
  readonly event: Record<string, unknown>;
}

export class ActionsEnvError extends Error {
  override readonly name = 'ActionsEnvError';
}

export async function actionsContext(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<ActionsContext> {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) {
      throw new ActionsEnvError(
        `${name} is not set. Run this script in a GitHub Actions job` +
          (name === 'GITHUB_TOKEN'
            ? ' and pass it `GITHUB_TOKEN: ${{ github.token }}` in `env:`.'
            : '.'),
      );
    }
    return value;
  };
  const repository = need('GITHUB_REPOSITORY');
  const event = JSON.parse(await readFile(need('GITHUB_EVENT_PATH'), 'utf8')) as Record<
    string,
    unknown
  >;
  const github = createGitHub({
    token: need('GITHUB_TOKEN'),
    repository,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    log,
    // Tests point the API at a loopback stand-in, which needs no pacing and no long waits.
    ...(env.STATUSMARK_GITHUB_UNPACED === 'true' ? { paced: false, retryBaseMs: 20 } : {}),
  });
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return { github, repository, repositoryUrl: `${server}/${repository}`, event };
}

/** Appends `name=value` lines to the step's outputs file, when the job has one. */
export async function setOutputs(
  env: NodeJS.ProcessEnv,
  outputs: Readonly<Record<string, string>>,
): Promise<void> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const lines = Object.entries(outputs).map(
    ([name, value]) => `${name}=${value.replace(/\n/g, ' ')}`,
  );
  await appendFile(file, `${lines.join('\n')}\n`);
}
