import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContentFiles } from './parse-content.ts';
import { SITE_CONFIG_FILE } from './parse-site-config.ts';
import type { Problem } from './problems.ts';
import type { SourceFile } from './source-file.ts';

export const GROUPS_FILE = 'components/_groups.yml';

/**
 * Reads the content files under `root`: `statusmark.yml`, `components/*.yml` (plus
 * `_groups.yml`) and every `*.md` below `incidents/` except README.md. Paths are sorted so runs
 * are reproducible.
 */
export async function readContentFiles(root: string): Promise<ContentFiles> {
  const unreadable: Problem[] = [];
  const [config, groups, componentPaths, incidentPaths] = await Promise.all([
    readOptional(root, SITE_CONFIG_FILE),
    readOptional(root, GROUPS_FILE),
    listFiles(
      root,
      'components',
      (name) => /\.ya?ml$/.test(name) && !name.startsWith('_'),
      unreadable,
    ),
    listFiles(
      root,
      'incidents',
      (name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md',
      unreadable,
    ),
  ]);
  return {
    problems: unreadable,
    config,
    groups,
    components: await Promise.all(componentPaths.map((file) => readSource(root, file))),
    incidents: await Promise.all(incidentPaths.map((file) => readSource(root, file))),
  };
}

/**
 * The regular files under `folder` that `keep` accepts. A symbolic link (or any other special
 * file) with a content name is reported, not followed: a link could publish a file from
 * outside the repository, and skipping it silently would hide an incident.
 */
async function listFiles(
  root: string,
  folder: string,
  keep: (name: string) => boolean,
  unreadable: Problem[],
): Promise<string[]> {
  try {
    const names = await readdir(path.join(root, folder), { recursive: true, withFileTypes: true });
    const relative = (entry: (typeof names)[number]) =>
      path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    for (const entry of names) {
      if (entry.isFile() || entry.isDirectory() || !keep(entry.name)) continue;
      unreadable.push({
        file: relative(entry),
        line: 1,
        column: 1,
        message: entry.isSymbolicLink()
          ? 'The file is a symbolic link, which Statusmark does not follow.'
          : 'The file is not a regular file.',
        fix: 'Replace it with a regular file holding the content (copy the file the link points to).',
      });
    }
    return names
      .filter((entry) => entry.isFile() && keep(entry.name))
      .map(relative)
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
