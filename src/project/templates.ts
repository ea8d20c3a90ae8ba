import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-info.ts';

/** The files `init` writes, in the package's `templates/` folder. */
export const TEMPLATES_FOLDER = path.join(PACKAGE_ROOT, 'templates');

/**
 * Two kinds of file: `generated` ones (workflows, the issue form, the pull request template,
 * editor settings, the dependency-update config) belong to Statusmark, and `upgrade` brings them
 * to the installed version; `starter` ones (the site config, components, the README) are the
 * team's from the moment `init` writes them, and nothing touches them again.
 */
export type TemplateKind = 'generated' | 'starter';

export interface TemplateFile {
  /** Where the file goes in the team's repository, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

/**
 * npm leaves some names out of a package (`.gitignore`, `.npmrc`), so those templates are kept
 * without their dot and renamed on the way out.
 */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore', nvmrc: '.nvmrc' };

/** Every template of one kind, sorted by path. */
export async function readTemplates(
  kind: TemplateKind,
  folder: string = TEMPLATES_FOLDER,
): Promise<TemplateFile[]> {
  const base = path.join(folder, kind);
  const entries = await readdir(base, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(base, path.join(entry.parentPath, entry.name)))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const relative = file.split(path.sep).join('/');
      return {
        path: RENAMED[relative] ?? relative,
        text: await readFile(path.join(base, file), 'utf8'),
      };
    }),
  );
}

/** `{{key}}` → its value, each value already in the syntax of the file it goes into. */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}
