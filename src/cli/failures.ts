import { ActionsEnvError } from '../github/actions-env.ts';
import { GitHubError } from '../github/client.ts';
import { LedgerError } from '../notify/ledger.ts';
import { InvalidRequestError } from '../workflow/incident-request.ts';
import { EXIT } from './exit-codes.ts';
import { CommandFailure, InvalidContentError, UsageError } from './io.ts';

export interface Failure {
  readonly message: string;
  readonly exitCode: number;
}

/**
 * The one reporter of every failure a command can end in: what the reader sees (a sentence or
 * two, never a stack) and the exit code. Anything not known here is a defect in Statusmark,
 * named in one line for a bug report.
 */
export function describeFailure(error: unknown): Failure {
  if (error instanceof UsageError) {
    return {
      message: `error: ${error.message}\nRun "statusmark --help" for usage.`,
      exitCode: EXIT.usage,
    };
  }
  // The environment of a workflow command is wrong: a setup problem, like a wrong flag.
  if (error instanceof ActionsEnvError) return { message: error.message, exitCode: EXIT.usage };
  if (
    error instanceof InvalidContentError ||
    error instanceof CommandFailure ||
    error instanceof InvalidRequestError ||
    error instanceof LedgerError ||
    error instanceof GitHubError
  ) {
    return { message: error.message, exitCode: EXIT.invalid };
  }
  // The prompt library throws this when the person presses Ctrl+C.
  if (error instanceof Error && error.name === 'ExitPromptError') {
    return { message: 'Cancelled; nothing was written.', exitCode: EXIT.usage };
  }
  const what =
    error instanceof Error ? `${error.name}: ${error.message.split('\n')[0] ?? ''}` : String(error);
  return {
    message: `statusmark stopped on an unexpected error (${what}). Please report it with the command you ran.`,
    exitCode: EXIT.invalid,
  };
}
