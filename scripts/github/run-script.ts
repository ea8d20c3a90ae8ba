import { CommandFailure, InvalidContentError, UsageError } from '../../src/cli/io.ts';
import { LedgerError } from '../../src/notify/ledger.ts';
import { ActionsEnvError } from '../../src/github/actions-env.ts';
import { GitHubError } from '../../src/github/client.ts';
import { InvalidRequestError } from '../../src/workflow/incident-request.ts';

/**
 * The edge of every workflow script: runs `main`, prints a failure as one readable message on
 * stderr (never a stack: an unexpected error is named in one line, for a bug report), and sets
 * the exit code: 0 done, 1 refused or failed, 2 wrong setup.
 */
export async function runScript(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const expected =
      error instanceof InvalidRequestError ||
      error instanceof InvalidContentError ||
      error instanceof CommandFailure ||
      error instanceof LedgerError ||
      error instanceof GitHubError;
    const usage = error instanceof UsageError || error instanceof ActionsEnvError;
    if (expected || usage) process.stderr.write(`${error.message}\n`);
    else {
      const what =
        error instanceof Error
          ? `${error.name}: ${error.message.split('\n')[0] ?? ''}`
          : String(error);
      process.stderr.write(
        `The script stopped on an unexpected error (${what}). Please report it with the workflow run.\n`,
      );
    }
    process.exitCode = usage ? 2 : 1;
  }
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
