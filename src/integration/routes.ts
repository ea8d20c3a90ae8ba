import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { InjectedRoute } from 'astro';
import { PACKAGE_ROOT } from '../package-info.ts';

/** Statusmark's pages and files, laid out as Astro's file-based routes would be. */
export const ROUTES_FOLDER = path.join(PACKAGE_ROOT, 'src', 'routes');

/**
 * Every route under `ROUTES_FOLDER`, named as Astro names a file in `src/pages/`: `index.astro`
 * is its folder, `[id].astro` a parameter, `feed.xml.ts` the file `feed.xml`. The integration
 * injects them, so a team's repository has no pages of its own to keep up to date.
 */
export async function statusmarkRoutes(folder: string = ROUTES_FOLDER): Promise<InjectedRoute[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(astro|ts)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
    .map((file) => ({ pattern: routePattern(path.relative(folder, file)), entrypoint: file }));
}

export function routePattern(relativeFile: string): string {
  const route = relativeFile
    .split(path.sep)
    .join('/')
    .replace(/\.astro$/, '')
    .replace(/\.ts$/, '');
  const page = relativeFile.endsWith('.astro') ? route.replace(/(^|\/)index$/, '') : route;
  return `/${page}`;
}
