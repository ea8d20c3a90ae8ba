import { formatProblems, type Problem } from './problems.ts';

/**
 * Stops `astro build` on content problems: the list, one sentence, exit code 1. The build's
 * entry points (astro.config.mjs and the integration's first hook) are Statusmark's edge of the
 * build, and Astro prints a stack trace under any error thrown there, which tells the reader
 * nothing the list does not; so this is the one place the build exits by itself.
 */
export function failBuild(problems: readonly Problem[]): never {
  process.stderr.write(
    `\n${formatProblems(problems)}\nNothing was built: fix the problems above and run the build again.\n`,
  );
  process.exit(1);
}
