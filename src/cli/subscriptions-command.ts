import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-info.ts';
import { commandContext, type CommonOptions } from './context.ts';
import { CommandFailure, InvalidContentError, UsageError, type CliIo } from './io.ts';
import { runNodeScript } from './node-child.ts';
import type { ProgramParts } from './program.ts';

/** The Worker's config in a team's repository, as `init` writes it. */
export const WRANGLER_CONFIG = 'subscriptions/wrangler.jsonc';

interface DeployOptions extends CommonOptions {
  readonly dryRun?: boolean;
  readonly outdir?: string;
  readonly config?: string;
}

/** `statusmark subscriptions deploy`: the optional subscription service, through wrangler. */
export function registerSubscriptionCommands({ program, io, wrap }: ProgramParts): void {
  const subscriptions = program
    .command('subscriptions')
    .description('The optional subscription service (a Cloudflare Worker with D1).');
  subscriptions
    .command('deploy')
    .description(
      "Deploy the subscription service with wrangler, passing it the site's name, address and components.",
    )
    .option('--root <dir>', 'the repository (default: the current directory)')
    .option('--config <file>', `the Worker's wrangler config (default: ${WRANGLER_CONFIG})`)
    .option('--dry-run', 'bundle and check the Worker; upload nothing')
    .option('--outdir <dir>', 'where a dry run writes the bundle')
    .exitOverride()
    .action(wrap(async (options: DeployOptions) => deploy(options, io)));
}

async function deploy(options: DeployOptions, io: CliIo): Promise<number> {
  const { root } = commandContext(options, io);
  // Loaded here, not with the CLI: most commands (a deploy's build among them) never need it.
  const { ContentError, loadContent } = await import('../content/load.ts');
  const content = await loadContent(root).catch((error: unknown) => {
    throw error instanceof ContentError ? new InvalidContentError(error.message) : error;
  });
  const service = content.config.subscriptions?.url;
  if (service === undefined) {
    throw new UsageError(
      'statusmark.yml has no subscriptions.url: add the address the service will answer at (see docs/subscriptions.md), then deploy.',
    );
  }
  const config = path.resolve(root, options.config ?? WRANGLER_CONFIG);
  if (!(await stat(config).catch(() => null))?.isFile()) {
    throw new UsageError(
      `There is no ${path.relative(root, config) || config}: copy it from node_modules/statusmark/templates/starter/${WRANGLER_CONFIG} (docs/subscriptions.md).`,
    );
  }
  const wrangler = wranglerBin(root);
  const vars = {
    SITE_URL: new URL(content.config.base, content.config.url.replace(/\/?$/, '/')).href,
    SITE_NAME: content.config.name,
    SERVICE_URL: service.replace(/\/?$/, '/'),
    COMPONENTS: JSON.stringify(
      content.components.map((component) => ({ id: component.id, name: component.name })),
    ),
  };
  const args = [
    'deploy',
    '--config',
    config,
    ...Object.entries(vars).flatMap(([key, value]) => ['--var', `${key}:${value}`]),
    ...(options.dryRun ? ['--dry-run'] : []),
    ...(options.outdir === undefined ? [] : ['--outdir', path.resolve(options.outdir)]),
  ];
  io.stdout.write(
    `${options.dryRun ? 'Bundling' : 'Deploying'} the subscription service of ${vars.SITE_NAME} (${vars.SITE_URL}) with ${String(content.components.length)} components, answering at ${vars.SERVICE_URL}.\n`,
  );
  return runNodeScript(wrangler, args, root, io);
}

/** wrangler from the team's repository, else the one beside Statusmark. */
function wranglerBin(root: string): string {
  for (const from of [root, PACKAGE_ROOT]) {
    try {
      const manifest = createRequire(path.join(from, 'package.json')).resolve(
        'wrangler/package.json',
      );
      return path.join(path.dirname(manifest), 'bin', 'wrangler.js');
    } catch {
      // Not installed there.
    }
  }
  throw new CommandFailure(
    'wrangler is not installed: run "npm install --save-dev wrangler" in the repository first.',
  );
}
