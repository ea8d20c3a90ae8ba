import path from 'node:path';

/**
 * The content repository to build: `STATUSMARK_ROOT` when set, else the current directory.
 * (The CLI takes `--root` instead.)
 */
export function contentRoot(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.STATUSMARK_ROOT;
  return path.resolve(root === undefined || root === '' ? '.' : root);
}
