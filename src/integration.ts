import { writeFile } from 'node:fs/promises';
import type { AstroIntegration } from 'astro';
import { checkContent } from './content/load.ts';
import { renderHostHeaders } from './render/host-headers.ts';
import { formatProblems } from './content/problems.ts';

/**
 * Checks the whole content repository before Astro renders or writes anything, so invalid
 * content fails the build with the list of problems and leaves no half-built site behind;
 * after the build, writes the `_headers` file static hosts read.
 */
export function statusmark(root: string, base: string): AstroIntegration {
  return {
    name: 'statusmark',
    hooks: {
      'astro:config:setup': async ({ command }) => {
        if (command !== 'build') return;
        const started = performance.now();
        const { problems } = await checkContent(root);
        if (problems.length === 0) {
          console.log(
            `Statusmark: content checked in ${Math.round(performance.now() - started)} ms`,
          );
          return;
        }
        process.stderr.write(`\n${formatProblems(problems)}\n\n`);
        const error = new Error(
          'The content has problems (listed above). Nothing was built: fix them and run the build again.',
        );
        // Astro prints a stack for errors with one; the list above is what the reader needs.
        error.stack = error.message;
        throw error;
      },
      // Files starting with "_" are not routes, so the hosts' header file is written here.
      'astro:build:done': async ({ dir }) => {
        await writeFile(new URL('_headers', dir), renderHostHeaders(base), 'utf8');
      },
    },
  };
}
