import { PassThrough } from 'node:stream';

/** Where a CLI run reads and writes; tests pass their own streams. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Prompt for missing flags; false for scripts and CI (no terminal attached). */
  readonly interactive: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    interactive: process.stdin.isTTY && process.stdout.isTTY && !process.env.CI,
  };
}

/** A wrong or missing flag: exit code 2, with what to do instead. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Content that is invalid, or that the command would make invalid: exit code 1. */
export class InvalidContentError extends Error {
  override readonly name = 'InvalidContentError';
}

/**
 * A command that could not do its work for a reason outside the content (GitHub unreachable,
 * the ledger refusing a write): exit code 1, its message in a sentence or two, never a stack.
 */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

export interface Choice<T extends string> {
  readonly value: T;
  readonly name: string;
}

/** The questions a command may ask a person at a terminal. */
export interface Prompter {
  text(
    message: string,
    validate?: (value: string) => string | true,
    defaultValue?: string,
  ): Promise<string>;
  select<T extends string>(message: string, choices: readonly Choice<T>[]): Promise<T>;
  checkbox<T extends string>(message: string, choices: readonly Choice<T>[]): Promise<T[]>;
}

export function inquirerPrompter(io: CliIo): Prompter {
  // Inquirer ends the output stream it is given when a prompt closes. A fresh pass-through per
  // prompt keeps the CLI's own stdout open for the next prompt and the messages after it.
  const context = () => {
    const output = new PassThrough();
    output.pipe(io.stdout, { end: false });
    return { input: io.stdin, output };
  };
  // Loaded at the first prompt: most runs (flags, workflows, builds) never show one.
  const prompts = () => import('@inquirer/prompts');
  return {
    text: async (message, validate, defaultValue) =>
      (await prompts()).input(
        {
          message,
          required: true,
          ...(validate ? { validate } : {}),
          ...(defaultValue === undefined ? {} : { default: defaultValue }),
        },
        context(),
      ),
    select: async (message, choices) =>
      (await prompts()).select({ message, choices: [...choices] }, context()),
    checkbox: async (message, choices) =>
      (await prompts()).checkbox({ message, choices: [...choices] }, context()),
  };
}

/**
 * The value of a flag, or the answer to a prompt when the flag is missing and a person is at
 * the terminal; otherwise a usage error naming the flag.
 */
export async function flagOrAsk<T>(
  value: T | undefined,
  flag: string,
  prompter: Prompter | null,
  ask: (prompter: Prompter) => Promise<T>,
): Promise<T> {
  if (value !== undefined) return value;
  if (prompter) return ask(prompter);
  throw new UsageError(
    `Missing ${flag}. Pass it as a flag, or run the command in a terminal to be asked.`,
  );
}
