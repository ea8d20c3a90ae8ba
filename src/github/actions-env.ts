import { appendFile, readFile } from 'node:fs/promises';
import { resolveNow } from '../domain/clock.ts';
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
  /** The branch pull requests target: the event's repository default branch, else `main`. */
  readonly defaultBranch: string;
  /** `STATUSMARK_NOW`, else the clock. */
  readonly now: number;
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
  const github = githubFromEnv(env, need('GITHUB_TOKEN'), repository, log);
  const now = resolveNow(env.STATUSMARK_NOW);
  if (typeof now !== 'number') throw new ActionsEnvError(`STATUSMARK_NOW: ${now.error}`);
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const defaultBranch = (event.repository as { default_branch?: unknown } | undefined)
    ?.default_branch;
  return {
    github,
    repository,
    repositoryUrl: `${server}/${repository}`,
    event,
    defaultBranch: typeof defaultBranch === 'string' ? defaultBranch : 'main',
    now,
  };
}

/** The GitHub client for a token and repository, with the API address the job was given. */
export function githubFromEnv(
  env: NodeJS.ProcessEnv,
  token: string,
  repository: string,
  log: (line: string) => void,
): GitHub {
  return createGitHub({
    token,
    repository,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    log,
    // Tests point the API at a loopback stand-in, which needs no pacing and no long waits.
    ...(env.STATUSMARK_GITHUB_UNPACED === 'true' ? { paced: false, retryBaseMs: 20 } : {}),
    ...(env.STATUSMARK_GITHUB_TIMEOUT_MS
      ? { requestTimeoutMs: Number(env.STATUSMARK_GITHUB_TIMEOUT_MS) }
      : {}),
  });
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
