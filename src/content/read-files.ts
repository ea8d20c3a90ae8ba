import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContentFiles } from './parse-content.ts';
import { SITE_CONFIG_FILE } from './parse-site-config.ts';
import type { SourceFile } from './source-file.ts';

export const GROUPS_FILE = 'components/_groups.yml';

/**
 * Reads the content files under `root`: `statusmark.yml`, `components/*.yml` (plus
 * `_groups.yml`) and every `*.md` below `incidents/` except README.md. Paths are sorted so runs
 * are reproducible.
 */
export async function readContentFiles(root: string): Promise<ContentFiles> {
  const [config, groups, componentPaths, incidentPaths] = await Promise.all([
    readOptional(root, SITE_CONFIG_FILE),
    readOptional(root, GROUPS_FILE),
    listFiles(root, 'components', (name) => /\.ya?ml$/.test(name) && !name.startsWith('_')),
    listFiles(
      root,
      'incidents',
      (name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md',
    ),
  ]);
  return {
    config,
    groups,
    components: await Promise.all(componentPaths.map((file) => readSource(root, file))),
    incidents: await Promise.all(incidentPaths.map((file) => readSource(root, file))),
  };
}

async function listFiles(
  root: string,
  folder: string,
  keep: (name: string) => boolean,
): Promise<string[]> {
  try {
    const names = await readdir(path.join(root, folder), { recursive: true, withFileTypes: true });
    return names
      .filter((entry) => entry.isFile() && keep(entry.name))
      .map((entry) =>
        path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
      )
      .sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

async function readSource(root: string, relative: string): Promise<SourceFile> {
  return { path: relative, bytes: await readFile(path.join(root, relative)) };
}

async function readOptional(root: string, relative: string): Promise<SourceFile | null> {
  try {
    return await readSource(root, relative);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
