import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveStatic, type StaticSite } from '../../scripts/static-server.ts';

export const PROJECT = path.resolve(import.meta.dirname, '../..');
const ASTRO = path.join(PROJECT, 'node_modules', 'astro', 'bin', 'astro.mjs');

export interface BuildResult {
  readonly code: number;
  readonly output: string;
  /** The built site; removed by `cleanup`. */
  readonly outDir: string;
  readonly cleanup: () => Promise<void>;
}

/**
 * The environment without what Vitest adds for its own Vite: a child Vite honours `BASE_URL`,
 * `NODE_ENV=test` and the like, which would override the site's base path and build mode.
 */
function buildEnvironment(): NodeJS.ProcessEnv {
  const vitestKeys = new Set(['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'TEST']);
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !vitestKeys.has(key) && !key.startsWith('VITEST'),
    ),
  );
}

/**
 * `astro build` of the content at `root` as of `now`, into a temp folder, as `npm run build` does.
 * Its caches (cards, Markdown, Astro's pages) start empty in that folder unless `env` names
 * `STATUSMARK_CACHE_DIR`: builds of different content running at once never share them.
 */
export async function buildSite(
  root: string,
  now: string,
  env: NodeJS.ProcessEnv = {},
): Promise<BuildResult> {
  const parent = await mkdtemp(path.join(tmpdir(), 'statusmark-dist-'));
  const outDir = path.join(parent, 'dist');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [ASTRO, 'build', '--outDir', outDir],
      {
        cwd: PROJECT,
        env: {
          ...buildEnvironment(),
          STATUSMARK_CACHE_DIR: path.join(parent, 'cache'),
          ...env,
          STATUSMARK_ROOT: root,
          STATUSMARK_NOW: now,
        },
      },
      (error, stdout, stderr) => {
        resolve({
          code: error && typeof error.code === 'number' ? error.code : 0,
          output: stdout + stderr,
          outDir,
          cleanup: () => rm(parent, { recursive: true, force: true }),
        });
      },
    );
  });
}

/** A copy of the bundled example content, to change before building. */
export async function copyExample(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'statusmark-example-'));
  for (const entry of ['statusmark.yml', 'components', 'incidents']) {
    await cp(path.join(PROJECT, entry), path.join(root, entry), { recursive: true });
  }
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Every file a build wrote, relative to its folder with forward slashes. */
export async function builtFiles(outDir: string): Promise<string[]> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(outDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    );
}

export interface ServedExample {
  readonly build: BuildResult;
  readonly site: StaticSite;
  readonly close: () => Promise<void>;
}

/**
 * The bundled example built as of `now` (under `base` when given) and served on loopback as a
 * static host would: with `typeOf` for content types and `headers` on every file (GitHub
 * Pages' `Access-Control-Allow-Origin: *`, for one).
 */
export async function servedExample(
  options: {
    base?: string;
    now?: string;
    typeOf?: (file: string) => string;
    headers?: Readonly<Record<string, string>>;
  } = {},
): Promise<ServedExample> {
  const base = options.base ?? '/';
  const example = await copyExample();
  const config = path.join(example.root, 'statusmark.yml');
  await writeFile(config, (await readFile(config, 'utf8')).replace(/^base: .*$/m, `base: ${base}`));
  const build = await buildSite(example.root, options.now ?? EXAMPLE_NOW);
  if (build.code !== 0) throw new Error(build.output);
  const site = await serveStatic(build.outDir, base, options.typeOf, options.headers);
  return {
    build,
    site,
    close: async () => {
      await site.close();
      await build.cleanup();
      await example.cleanup();
    },
  };
}

/** The time the example is usually shown at: an incident open, maintenance ahead. */
export const EXAMPLE_NOW = '2026-11-23T12:00:00Z';
