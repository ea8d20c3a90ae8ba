import { constants } from 'node:fs';
import { access, mkdir, rm, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sitemap from '@astrojs/sitemap';
import type { AstroIntegration } from 'astro';
import { componentFirstCommits, withFirstCommits } from './content/component-history.ts';
import { checkContent } from './content/load.ts';
import { openParseMemo, saveParseMemo } from './content/parse-memo-fs.ts';
import { failBuild } from './content/fail-build.ts';
import { contentRoot } from './content/root.ts';
import { loadSiteConfigForBuild } from './content/site-config-fs.ts';
import { SITE_CONFIG_FILE } from './content/parse-site-config.ts';
import { provideSite } from './data/site-provider.ts';
import { resolveNow } from './domain/clock.ts';
import { buildSiteProvider, CONTENT_PATHS, devSite } from './integration/site-loader.ts';
import { buildCacheDir } from './data/og-images.ts';
import { startCards, type CardJob } from './integration/card-writer.ts';
import { prunePages, seedPages } from './integration/page-seed.ts';
import {
  codeOf,
  keepRendered,
  markdownSources,
  openRenderCache,
  saveRenderCache,
} from './markdown/render-cache.ts';
import { statusmarkRoutes } from './integration/routes.ts';
import { renderHostHeaders } from './render/host-headers.ts';

export interface StatusmarkOptions {
  /**
   * The content repository (its `statusmark.yml`, `components/` and `incidents/`). Default:
   * `STATUSMARK_ROOT` when set, else the Astro project's root.
   */
  readonly root?: string;
}

/**
 * Statusmark as an Astro integration: the whole status page from a content repository, with
 * an astro.config.mjs of three lines. It reads `statusmark.yml` (the public URL and base path),
 * injects every page and file, checks the whole content before Astro renders or writes anything
 * (invalid content fails the build with the list of problems), and hands the checked content to
 * every route. A build writes into a staging folder beside the output folder and moves it into
 * place only when every file is written, so a build that fails at any point leaves no site,
 * whole or half, where a deploy would pick it up. In `astro dev`, an edited content file shows
 * on the next request.
 */
export default function statusmark(options: StatusmarkOptions = {}): AstroIntegration {
  let dev: ReturnType<typeof devSite> | undefined;
  let root = '';
  return {
    name: 'statusmark',
    hooks: {
      'astro:config:setup': async ({
        command,
        config,
        updateConfig,
        injectRoute,
        addWatchFile,
      }) => {
        root = options.root ?? contentRoot(process.env, fileURLToPath(config.root));
        const site = await loadSiteConfigForBuild(root);
        // The URL and base path come from statusmark.yml: a change restarts `astro dev`.
        addWatchFile(path.join(root, SITE_CONFIG_FILE));
        for (const route of await statusmarkRoutes()) {
          // A build writes the cards itself, after the pages (integration/card-writer.ts).
          if (command === 'build' && route.pattern.startsWith('/og/')) continue;
          injectRoute(route);
        }
        const integrations: AstroIntegration[] = [sitemap()];
        const now = buildNow();
        if (command === 'build') {
          const pages = await pageCache();
          integrations.push(
            await checkedBuild(root, fileURLToPath(config.outDir), now, site.base, pages),
          );
          if (pages !== undefined) {
            updateConfig({
              cacheDir: pathToFileURL(`${pages}${path.sep}`),
              experimental: { incrementalBuild: true },
            });
          }
        } else {
          dev = devSite(root, process.env.STATUSMARK_NOW ? now : undefined);
          provideSite(dev.provider);
        }
        updateConfig({
          site: site.url,
          base: site.base,
          trailingSlash: 'ignore',
          output: 'static',
          // Pages render while others are written: with Astro's default of one at a time, a
          // build of a long history waited on the disk about a quarter of its time.
          build: { format: 'directory', concurrency: 4 },
          integrations,
        });
      },
      'astro:server:setup': ({ server }) => {
        const site = dev;
        if (site === undefined) return;
        server.watcher.add(CONTENT_PATHS.map((entry) => path.join(root, entry)));
        // Before Astro answers a request: content read again if a file changed, and Astro's
        // cache of getStaticPaths cleared (the event Astro's own content layer sends), so a new
        // or renamed incident is routed too. Browsers showing a page reload on a change.
        server.middlewares.use((request, _response, next) => {
          // Vite's own modules and Astro's assets do not show content.
          if (/^\/(@|_astro\/|node_modules\/)/.test(request.url ?? '/')) {
            next();
            return;
          }
          site
            .refresh()
            .then(async (changed) => {
              if (!changed) return;
              server.environments.ssr.hot.send('astro:content-changed', {});
              await nextTurn();
            })
            .then(() => {
              next();
            }, next);
        });
        server.watcher.on('all', (_event, file) => {
          const relative = path.relative(root, file);
          if (
            CONTENT_PATHS.some(
              (entry) => relative === entry || relative.startsWith(`${entry}${path.sep}`),
            )
          ) {
            server.ws.send({ type: 'full-reload' });
          }
        });
      },
    },
  };
}

/**
 * Where Astro keeps the pages of the last build (its incremental build, see data/page-keys.ts):
 * beside Statusmark's other caches, so the Deploy workflow keeps it too. A folder that cannot be
 * written turns the page cache off for this build, with one line: every page is then rendered.
 */
async function pageCache(): Promise<string | undefined> {
  const folder = path.join(buildCacheDir(), 'astro');
  try {
    await mkdir(folder, { recursive: true });
    await access(folder, constants.W_OK);
    return folder;
  } catch (error) {
    console.warn(
      `Statusmark: the page cache in ${folder} cannot be written (${codeOf(error)}), so every page is rendered.`,
    );
    return undefined;
  }
}

/** "Now" for the whole build: `STATUSMARK_NOW`, else the moment the build started. */
function buildNow(): number {
  const now = resolveNow(process.env.STATUSMARK_NOW);
  if (typeof now === 'number') return now;
  process.stderr.write(`\nSTATUSMARK_NOW: ${now.error}\nNothing was built.\n`);
  process.exit(1);
}

/** Checks the content, stages the output, and returns the integration that publishes it. */
async function checkedBuild(
  root: string,
  outDir: string,
  now: number,
  base: string,
  pages: string | undefined,
): Promise<AstroIntegration> {
  const staging = stagingFolder(outDir);
  // Whatever a previous build left is removed first: it is not this content's site.
  await rm(outDir, { recursive: true, force: true });
  await rm(staging, { recursive: true, force: true });
  // Seeded in a worker thread while the content is checked here (integration/page-seed.ts).
  const stopSeeding = new AbortController();
  const seeding =
    pages === undefined
      ? Promise.resolve(new Set<string>())
      : seedPages(pages, staging, stopSeeding.signal);
  // Awaited at build:start, or stopped below.
  seeding.catch(() => undefined);
  const started = performance.now();
  await openRenderCache(buildCacheDir());
  const memo = await openParseMemo(buildCacheDir());
  const [{ content, problems }, firstCommits] = await Promise.all([
    checkContent(root, memo),
    componentFirstCommits(root),
  ]);
  if (problems.length > 0 || content === null) {
    // Invalid content leaves no half-seeded output behind.
    stopSeeding.abort();
    await seeding.catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    failBuild(problems);
  }
  console.log(`Statusmark: content checked in ${Math.round(performance.now() - started)} ms`);
  const provider = buildSiteProvider(withFirstCommits(content, firstCommits), now);
  provideSite(provider);
  const log = (line: string) => {
    console.log(line);
  };
  let cards: CardJob | undefined;
  let seeded = new Set<string>();
  return {
    name: 'statusmark:publish',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          outDir: pathToFileURL(`${staging}${path.sep}`),
          // The staging folder starts empty (above), and then holds the seeded pages.
          vite: { build: { emptyOutDir: false } },
        });
      },
      'astro:build:start': async () => {
        // Cards are drawn in worker threads while Astro renders the pages on the main thread.
        cards = startCards(provider(), log);
        seeded = await seeding;
      },
      // Runs after every other integration's build:done (the sitemap writes there too). Files
      // starting with "_" are not routes, so the hosts' header file is written here.
      'astro:build:done': async ({ assets }) => {
        await prunePages(seeded, assets, staging);
        const started = performance.now();
        cards ??= startCards(provider(), log);
        const { copied, drawn } = await cards.writeInto(staging);
        console.log(
          `Statusmark: ${String(copied + drawn)} social images (${String(drawn)} drawn) in ${String(Math.round(performance.now() - started))} ms`,
        );
        const warn = (line: string) => {
          console.warn(line);
        };
        keepRendered(markdownSources([...content.incidents, ...content.maintenances]));
        await saveRenderCache(buildCacheDir(), warn);
        await saveParseMemo(buildCacheDir(), memo, warn);
        await writeFile(path.join(staging, '_headers'), renderHostHeaders(base), 'utf8');
        await rm(outDir, { recursive: true, force: true });
        await rename(staging, outDir);
      },
    },
  };
}

/** `dist` → `.dist.partial`, beside it on the same file system, so the final move is a rename. */
function stagingFolder(outDir: string): string {
  const resolved = path.resolve(outDir);
  return path.join(path.dirname(resolved), `.${path.basename(resolved)}.partial`);
}
