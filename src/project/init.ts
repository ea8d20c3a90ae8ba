import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSiteConfig, SITE_CONFIG_FILE } from '../content/parse-site-config.ts';
import type { Problem } from '../content/problems.ts';
import { PACKAGE_ROOT, packageVersion } from '../package-info.ts';
import { hashText, writeManifest } from './manifest.ts';
import { fillTemplate, readTemplates, type TemplateFile } from './templates.ts';

/** What a team says about its page when it starts one. */
export interface ProjectAnswers {
  /** The page's name, e.g. "Acme Status". */
  readonly name: string;
  /** The public URL, e.g. https://status.acme.example (without the base path). */
  readonly url: string;
  /** The path under the URL, e.g. `/` or `/status/` for a GitHub Pages project site. */
  readonly base: string;
  readonly organizationId: string;
  /** An IANA zone, e.g. Europe/Berlin: every time on the page is shown in it. */
  readonly timeZone: string;
}

export type InitOutcome =
  | { readonly outcome: 'created'; readonly files: readonly string[] }
  | { readonly outcome: 'exists'; readonly files: readonly string[] }
  | { readonly outcome: 'invalid'; readonly problems: readonly Problem[] };

/**
 * Writes a team's repository at `dir`: only what is the team's (site config, components, an
 * empty incidents folder, public/, package.json and a three-line astro.config.mjs) and the files
 * Statusmark generates and `upgrade` keeps current (workflows, issue form, editor settings). The
 * answers are checked as the build would check them before anything is written, and no file
 * that already exists is overwritten.
 */
export async function initProject(dir: string, answers: ProjectAnswers): Promise<InitOutcome> {
  const starter = await readTemplates('starter');
  const generated = await readTemplates('generated');
  const values = templateValues(answers);
  const files: TemplateFile[] = [
    ...starter.map((file) => ({
      path: file.path,
      text: fillTemplate(file.text, values(file.path)),
    })),
    { path: 'package.json', text: await packageJson(answers) },
    ...generated,
  ];
  const config = files.find((file) => file.path === SITE_CONFIG_FILE);
  if (config !== undefined) {
    const { problems } = parseSiteConfig({
      path: SITE_CONFIG_FILE,
      bytes: new TextEncoder().encode(config.text),
    });
    if (problems.length > 0) return { outcome: 'invalid', problems };
  }
  const folder = await stat(dir).catch(() => null);
  if (folder !== null && !folder.isDirectory()) return { outcome: 'exists', files: [] };
  const existing = new Set(await listFiles(dir));
  const clashes = files.map((file) => file.path).filter((file) => existing.has(file));
  if (clashes.length > 0) return { outcome: 'exists', files: clashes };
  for (const file of files) {
    const target = path.join(dir, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text, { encoding: 'utf8', flag: 'wx' });
  }
  await writeManifest(dir, {
    version: packageVersion(),
    files: Object.fromEntries(generated.map((file) => [file.path, hashText(file.text)])),
  });
  return { outcome: 'created', files: files.map((file) => file.path) };
}

/** The values of `{{key}}`, written in the syntax of the file they go into. */
function templateValues(answers: ProjectAnswers): (file: string) => Record<string, string> {
  const product = answers.name.replace(/\s+status$/i, '').trim() || answers.name;
  const plain = {
    name: answers.name,
    product,
    url: answers.url,
    base: answers.base,
    organization_id: answers.organizationId,
    time_zone: answers.timeZone,
    description: `Live and historical status of ${product}.`,
    slug: slug(answers.name) || 'status-page',
  };
  // A JSON string is a YAML string: quotes, colons and "#" in a name stay text.
  const yaml = Object.fromEntries(
    Object.entries(plain).map(([key, value]) => [key, JSON.stringify(value)]),
  );
  // Inside a JSON string (the placeholders of .jsonc files are in quotes already).
  const json = Object.fromEntries(
    Object.entries(plain).map(([key, value]) => [key, JSON.stringify(value).slice(1, -1)]),
  );
  return (file) => (/\.ya?ml$/.test(file) ? yaml : /\.jsonc?$/.test(file) ? json : plain);
}

/** The team's package.json: Statusmark and the Astro it was tested with, and Node 24 for npm. */
async function packageJson(answers: ProjectAnswers): Promise<string> {
  const own = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    peerDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const range = (name: string, from: Record<string, string> | undefined, fallback: string) =>
    from?.[name] ?? fallback;
  const manifest = {
    name: slug(answers.name) || 'status-page',
    private: true,
    type: 'module',
    scripts: {
      dev: 'astro dev',
      build: 'statusmark build',
      start: 'statusmark build && astro preview',
      test: 'statusmark validate && statusmark build',
      validate: 'statusmark validate',
      new: 'statusmark new',
      update: 'statusmark update',
      resolve: 'statusmark resolve',
      upgrade: 'statusmark upgrade',
    },
    dependencies: {
      astro: range('astro', own.peerDependencies, '^7.3.4'),
      statusmark: `^${packageVersion()}`,
    },
    devDependencies: {
      // npm puts this package's Node 24 first on the PATH of every npm script and npx, so the
      // page builds on a machine whose own Node is older than Astro needs.
      node: range('node', own.devDependencies, '^24.0.0'),
      'remark-frontmatter': range('remark-frontmatter', own.devDependencies, '^5.0.0'),
      'remark-lint-frontmatter-schema': range(
        'remark-lint-frontmatter-schema',
        own.devDependencies,
        '^3.15.4',
      ),
    },
    engines: { node: '>=22.12' },
    // npm asks a project to approve the install scripts of its dependencies: `node` fetches
    // its binary in one, and esbuild (Astro's bundler) checks its own.
    allowScripts: { node: true, esbuild: true },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) =>
      path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    );
}
