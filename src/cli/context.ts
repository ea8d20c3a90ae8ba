import path from 'node:path';
import { resolveNow } from '../domain/clock.ts';
import { UsageError, type CliIo } from './io.ts';

/** Options every command takes. */
export interface CommonOptions {
  readonly root?: string;
  readonly now?: string;
}

export interface CommandContext {
  readonly root: string;
  readonly now: number;
}

/** `--root` (else the current directory) and `--now` (else `STATUSMARK_NOW`, else the clock). */
export function commandContext(options: CommonOptions, io: CliIo): CommandContext {
  const now = resolveNow(options.now ?? io.env.STATUSMARK_NOW);
  if (typeof now !== 'number') throw new UsageError(`--now: ${now.error}`);
  return { root: path.resolve(io.cwd, options.root ?? '.'), now };
}
