import { InvalidContentError, UsageError } from '../../src/cli/io.ts';
import { ActionsEnvError } from '../../src/github/actions-env.ts';
import { GitHubError } from '../../src/github/client.ts';
import { InvalidRequestError } from '../../src/workflow/incident-request.ts';

/**
 * The edge of every workflow script: runs `main`, prints a failure as one readable message on
 * stderr (no stack for expected failures), and sets the exit code: 0 done, 1 refused or failed,
 * 2 wrong setup.
 */
export async function runScript(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const expected =
      error instanceof InvalidRequestError ||
      error instanceof InvalidContentError ||
      error instanceof GitHubError;
    const usage = error instanceof UsageError || error instanceof ActionsEnvError;
    if (expected || usage) process.stderr.write(`${error.message}\n`);
    else
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    process.exitCode = usage ? 2 : 1;
  }
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
