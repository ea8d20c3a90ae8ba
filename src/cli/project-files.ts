import { stat } from 'node:fs/promises';
import path from 'node:path';
import { SITE_CONFIG_FILE } from '../content/parse-site-config.ts';
import { packageVersion } from '../package-info.ts';
import { initProject, slug, type ProjectAnswers } from '../project/init.ts';
import { MANIFEST_FILE } from '../project/manifest.ts';
import { TEMPLATES_FOLDER } from '../project/templates.ts';
import { upgradeProject, type FileAction } from '../project/upgrade.ts';
import { EXIT } from './exit-codes.ts';
import { CommandFailure, flagOrAsk, UsageError, type CliIo, type Prompter } from './io.ts';

export interface InitOptions {
  readonly name?: string;
  readonly url?: string;
  readonly base?: string;
  readonly organizationId?: string;
  readonly timeZone?: string;
}

export interface UpgradeOptions {
  readonly root?: string;
  readonly dryRun?: boolean;
  readonly check?: boolean;
}

/** `init`: a team's status page repository in `dir`. */
export async function init(
  dir: string,
  options: InitOptions,
  io: CliIo,
  prompter: Prompter | null,
): Promise<number> {
  const name = await flagOrAsk(options.name, '--name', prompter, (ask) =>
    ask.text('Name of the status page (e.g. "Acme Status")'),
  );
  const url = await flagOrAsk(options.url, '--url', prompter, (ask) =>
    ask.text('Its public URL (e.g. https://status.acme.example or https://acme.github.io/status/)'),
  );
  const detectedZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const timeZone =
    options.timeZone ??
    (prompter === null
      ? detectedZone
      : await prompter.text('Time zone the page shows times in', undefined, detectedZone));
  const site = splitUrl(url, options.base);
  const answers: ProjectAnswers = {
    name,
    ...site,
    organizationId: options.organizationId ?? (slug(name.replace(/\s+status$/i, '')) || 'status'),
    timeZone,
  };
  const target = path.resolve(io.cwd, dir);
  const result = await initProject(target, answers);
  if (result.outcome === 'invalid') {
    // Nothing was written, so the problems are told as answers, not as lines of a file.
    const problems = result.problems.map((problem) => `  ${problem.message} ${problem.fix}`);
    throw new UsageError(
      `These answers would not make a valid site config:\n${problems.join('\n')}`,
    );
  }
  if (result.outcome === 'exists') {
    throw new CommandFailure(
      result.files.length === 0
        ? `${target} is a file, not a folder; nothing was written. Name a new or empty folder.`
        : `${target} already has ${result.files.join(', ')}; nothing was written. Choose an empty folder.`,
    );
  }
  const relative = path.relative(io.cwd, target);
  const shown = relative === '' ? '.' : relative.startsWith('..') ? target : relative;
  io.stdout.write(
    [
      `Created the status page "${name}" in ${shown} (${result.files.length} files, Statusmark ${packageVersion()}).`,
      '',
      'Next:',
      ...(shown === '.' ? [] : [`  cd ${shown}`]),
      `  npm install && npm start    # the page on http://localhost:4321${answers.base}`,
      '  npx statusmark new          # your first incident (or edit components/ first)',
      '  git init && git add -A && git commit -m "Status page"',
      'Push it to GitHub and turn on Pages (Settings → Pages → Source: GitHub Actions).',
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

/**
 * A URL with a path (a GitHub Pages project site, https://acme.github.io/status/) is the site's
 * address plus its base path, as statusmark.yml keeps them; `--base` wins when given.
 */
function splitUrl(url: string, base: string | undefined): { url: string; base: string } {
  if (base !== undefined) return { url, base };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: the site config's check says so, with the fix.
    return { url, base: '/' };
  }
  if (parsed.pathname === '/' || parsed.search !== '' || parsed.hash !== '')
    return { url, base: '/' };
  const path = parsed.pathname.endsWith('/') ? parsed.pathname : `${parsed.pathname}/`;
  return { url: parsed.origin, base: path };
}

const ACTION_TEXT: Readonly<Record<FileAction, string>> = {
  added: 'added',
  updated: 'updated',
  removed: 'removed (no longer shipped)',
  'kept-changed': 'changed by you, so left as it is; take what you want from the new version in',
  'kept-deleted': 'deleted by you: not restored',
};

/** `upgrade`: the generated files brought to the installed version. */
export async function upgrade(options: UpgradeOptions, io: CliIo): Promise<number> {
  const root = path.resolve(io.cwd, options.root ?? '.');
  if ((await stat(path.join(root, SITE_CONFIG_FILE)).catch(() => null)) === null) {
    throw new UsageError(
      `${root} has no ${SITE_CONFIG_FILE}: run upgrade in a status page repository (one made by "statusmark init").`,
    );
  }
  const dryRun = options.dryRun === true || options.check === true;
  const result = await upgradeProject(root, { dryRun });
  const due = result.changes.filter(
    ({ action }) => action === 'added' || action === 'updated' || action === 'removed',
  );
  const lines = result.changes.map((change) => {
    const line = `  ${change.path}: ${ACTION_TEXT[change.action]}`;
    if (change.action !== 'kept-changed') return line;
    const template = path.join(TEMPLATES_FOLDER, 'generated', ...change.path.split('/'));
    return `${line}:\n      ${path.relative(root, template)}`;
  });
  const version = `Statusmark ${result.to}`;
  if (result.changes.length === 0) {
    io.stdout.write(`The generated files are those of ${version}; nothing to do.\n`);
    return EXIT.ok;
  }
  if (options.check === true) {
    if (due.length === 0) {
      io.stdout.write(
        `The generated files are those of ${version}, apart from your own changes:\n${lines.join('\n')}\n`,
      );
      return EXIT.ok;
    }
    io.stderr.write(
      `The generated files are behind ${version}: run "npx statusmark upgrade" and commit what it writes.\n${lines.join('\n')}\n`,
    );
    return EXIT.invalid;
  }
  const verb = dryRun ? 'would change' : 'changed';
  const from = result.from === null ? `no ${MANIFEST_FILE}` : `Statusmark ${result.from}`;
  io.stdout.write(
    `Upgrade from ${from} to ${version} ${verb} ${due.length} file${due.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n`,
  );
  return EXIT.ok;
}
