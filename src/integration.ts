import { rm, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { checkContent } from './content/load.ts';
import { renderHostHeaders } from './render/host-headers.ts';
import { failBuild } from './content/fail-build.ts';

/**
 * Checks the whole content repository before Astro renders or writes anything, so invalid
 * content fails the build with the list of problems; builds into a staging folder beside the
 * output folder and moves it into place only when every page and file is written, so a build
 * that fails at any point leaves no site, whole or half, where a deploy would pick it up.
 */
export function statusmark(root: string, base: string): AstroIntegration {
  return {
    name: 'statusmark',
    hooks: {
      'astro:config:setup': async ({ command, config, updateConfig }) => {
        if (command !== 'build') return;
        const outDir = fileURLToPath(config.outDir);
        const staging = stagingFolder(outDir);
        // Whatever a previous build left is removed first: it is not this content's site.
        await rm(outDir, { recursive: true, force: true });
        await rm(staging, { recursive: true, force: true });
        const started = performance.now();
        const { problems } = await checkContent(root);
        if (problems.length > 0) failBuild(problems);
        console.log(`Statusmark: content checked in ${Math.round(performance.now() - started)} ms`);
        updateConfig({
          outDir: pathToFileURL(`${staging}${path.sep}`),
          // Runs after every other integration's build:done (the sitemap writes there too).
          integrations: [publish(staging, outDir, base)],
        });
      },
    },
  };
}

/** `dist` → `.dist.partial`, beside it on the same file system, so the final move is a rename. */
function stagingFolder(outDir: string): string {
  const resolved = path.resolve(outDir);
  return path.join(path.dirname(resolved), `.${path.basename(resolved)}.partial`);
}

function publish(staging: string, outDir: string, base: string): AstroIntegration {
  return {
    name: 'statusmark:publish',
    hooks: {
      // Files starting with "_" are not routes, so the hosts' header file is written here.
      'astro:build:done': async () => {
        await writeFile(path.join(staging, '_headers'), renderHostHeaders(base), 'utf8');
        await rm(outDir, { recursive: true, force: true });
        await rename(staging, outDir);
      },
    },
  };
}
