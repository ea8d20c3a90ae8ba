import type { Command } from 'commander';
import type { CliIo, Prompter } from './io.ts';

type Action = (...args: never[]) => Promise<number>;

/** Runs a command's action and keeps its exit code for `run` to return. */
export type Wrap = <A extends Action>(action: A) => (...args: Parameters<A>) => Promise<void>;

/** What a command file needs to register its commands on the program. */
export interface ProgramParts {
  readonly program: Command;
  readonly io: CliIo;
  readonly wrap: Wrap;
  readonly prompter: Prompter | null;
  /** A new subcommand with the options every command takes (`--root`, `--now`). */
  readonly command: (name: string, summary: string) => Command;
}
