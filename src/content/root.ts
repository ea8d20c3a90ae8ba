import path from 'node:path';

/**
 * The content repository to build: `STATUSMARK_ROOT` when set, else `fallback` (the Astro
 * project's root for the build, the current directory otherwise). The CLI takes `--root`.
 */
export function contentRoot(env: NodeJS.ProcessEnv = process.env, fallback = '.'): string {
  const root = env.STATUSMARK_ROOT;
  return path.resolve(root === undefined || root === '' ? fallback : root);
}
