import { spawn } from 'node:child_process';
import { EXIT } from './exit-codes.ts';
import type { CliIo } from './io.ts';

/**
 * Runs a Node script (Astro's or wrangler's bin) in `cwd` with this Node, its output passed
 * through; exit 0 when it succeeded, else 1 (the tool has printed why).
 */
export function runNodeScript(
  script: string,
  args: readonly string[],
  cwd: string,
  io: CliIo,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: io.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(io.stdout, { end: false });
    child.stderr.pipe(io.stderr, { end: false });
    child.on('error', reject);
    child.on('exit', (code) => {
      resolve(code === 0 ? EXIT.ok : EXIT.invalid);
    });
  });
}
