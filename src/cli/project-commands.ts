import { createRequire } from 'node:module';
import path from 'node:path';
import { commandContext, type CommonOptions } from './context.ts';
import { CommandFailure, type CliIo } from './io.ts';
import { runNodeScript } from './node-child.ts';
import type { ProgramParts } from './program.ts';
import type { InitOptions, UpgradeOptions } from './project-files.ts';

/**
 * `init`, `upgrade` and `build`: the commands that make and keep a team's repository. A command's
 * modules load when it runs, so `build`, which every deploy runs, loads nothing of the others.
 */
export function registerProjectCommands({ program, io, wrap, prompter }: ProgramParts): void {
  program
    .command('init')
    .description("Start a team's status page repository in DIR (default: the current folder).")
    .argument('[dir]', 'the folder to write (created when missing)', '.')
    .option('--name <text>', 'the name of the page, e.g. "Acme Status"')
    .option('--url <url>', 'the public URL, e.g. https://status.acme.example')
    .option('--base <path>', 'the path under the URL, e.g. /status/ (default: /)')
    .option('--organization-id <id>', 'the id in API URLs (default: from the name)')
    .option('--time-zone <zone>', 'the IANA zone times are shown in (default: this machine’s)')
    .exitOverride()
    .action(
      wrap(async (dir: string, options: InitOptions) => {
        const { init } = await import('./project-files.ts');
        return init(dir, options, io, prompter);
      }),
    );

  program
    .command('upgrade')
    .description(
      'Bring the generated files (workflows, issue form, editor settings) to the installed version.',
    )
    .option('--root <dir>', 'the repository (default: the current directory)')
    .option('--dry-run', 'say what would change; write nothing')
    .option(
      '--check',
      'write nothing; exit 1 when a generated file is behind the installed version',
    )
    .exitOverride()
    .action(
      wrap(async (options: UpgradeOptions) => {
        const { upgrade } = await import('./project-files.ts');
        return upgrade(options, io);
      }),
    );

  program
    .command('build')
    .description('Build the status page into dist/ (astro build), after checking the content.')
    .option('--root <dir>', 'the repository (default: the current directory)')
    .exitOverride()
    .action(wrap(async (options: CommonOptions) => build(options, io)));
}

/** `astro build` of the repository, through the Astro it depends on. */
async function build(options: CommonOptions, io: CliIo): Promise<number> {
  const { root } = commandContext(options, io);
  let astroBin: string;
  try {
    // Astro's package exports no bin path, so it is found beside its package.json.
    const astroPackage = createRequire(path.join(root, 'package.json')).resolve(
      'astro/package.json',
    );
    astroBin = path.join(path.dirname(astroPackage), 'bin', 'astro.mjs');
  } catch {
    throw new CommandFailure(`Astro is not installed in ${root}: run "npm install" there first.`);
  }
  return runNodeScript(astroBin, ['build'], root, io);
}
