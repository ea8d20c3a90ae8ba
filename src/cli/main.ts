import { Command, CommanderError, Option } from 'commander';
import { collect } from './collect.ts';
import { commandContext, type CommonOptions } from './context.ts';
import { packageVersion } from '../package-info.ts';
import { EXIT } from './exit-codes.ts';
import { registerGithubCommands } from './github-commands.ts';
import type { ProgramParts, Wrap } from './program.ts';
import { registerProjectCommands } from './project-commands.ts';
import { registerSubscriptionCommands } from './subscriptions-command.ts';
import { inquirerPrompter, type CliIo } from './io.ts';
import type { NewOptions } from './new.ts';
import type { ResolveOptions, UpdateOptions } from './update.ts';
import type { ForecastOptions, NotifyOptions } from './notify.ts';

export { EXIT } from './exit-codes.ts';

/**
 * Runs the `statusmark` CLI with `argv` (without `node` and the script) and returns its exit
 * code; only the bin file calls process.exit.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const prompter = io.interactive ? inquirerPrompter(io) : null;
  const program = buildProgram(
    io,
    (action) =>
      async (...args) => {
        exitCode = await action(...args);
      },
    prompter,
  );
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? EXIT.ok
        : EXIT.usage;
    }
    const { describeFailure } = await import('./failures.ts');
    const failure = describeFailure(error);
    io.stderr.write(`${failure.message}\n`);
    return failure.exitCode;
  }
}

function buildProgram(
  io: CliIo,
  wrap: Wrap,
  prompter: ReturnType<typeof inquirerPrompter> | null,
): Command {
  const program = new Command('statusmark')
    .description(
      'Author and check a Statusmark status page: incidents and maintenance as Markdown files.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .version(packageVersion(), '-v, --version', 'print the installed version of Statusmark')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError();

  const command = (name: string, summary: string) =>
    program
      .command(name)
      .description(summary)
      .option('--root <dir>', 'the content repository (default: the current directory)')
      .option(
        '--now <time>',
        'the time to act at, ISO 8601 with a zone (default: STATUSMARK_NOW, else now)',
      )
      .exitOverride();
  const parts: ProgramParts = { program, io, wrap, prompter, command };

  command('validate', 'Check every incident, maintenance and component file; exit 1 on problems.')
    .addOption(
      new Option('--format <format>', 'how to print problems')
        .choices(['text', 'github'])
        .default('text'),
    )
    .action(
      wrap(async (options: CommonOptions & { format: string }) => {
        const { validateCommand } = await import('./validate.ts');
        return validateCommand(commandContext(options, io), options.format, io);
      }),
    );

  command('new', 'Create an incident (or with --maintenance, a maintenance window).')
    .option('--maintenance', 'create a maintenance window instead of an incident')
    .option('--title <text>', 'the headline visitors read')
    .option('--impact <impact>', 'none, minor, major or critical (incidents)')
    .option(
      '--component <id=status>',
      'an affected component and its status, e.g. api=partial_outage; repeat for more (for maintenance: just the id)',
      collect,
    )
    .option('--status <status>', "the first update's status (default: investigating)")
    .option('--message <markdown>', "the first update's message")
    .option('--scheduled-for <time>', 'when the maintenance starts (maintenance)')
    .option('--scheduled-until <time>', 'when the maintenance ends (maintenance)')
    .option('--id <id>', 'the file name without .md (default: <date>-<title as slug>)')
    .option('--no-notify', 'publish without notifying subscribers')
    .action(
      wrap(async (options: CommonOptions & NewOptions) => {
        const { newCommand } = await import('./new.ts');
        return newCommand(commandContext(options, io), options, io, prompter);
      }),
    );

  command('update', 'Append an update to an incident or maintenance window.')
    .argument('<id>', 'the incident id (its file name without .md)')
    .option(
      '--status <status>',
      'investigating, identified, monitoring, resolved (maintenance: scheduled, in_progress, verifying, completed)',
    )
    .option('--message <markdown>', 'what readers are told')
    .option(
      '--component <id=status>',
      'a component whose status changes, e.g. api=degraded_performance; repeatable',
      collect,
    )
    .option('--at <time>', 'when the update was posted (default: now)')
    .option('--no-notify', 'publish this update without notifying subscribers')
    .action(
      wrap(async (id: string, options: CommonOptions & UpdateOptions) => {
        const { updateCommand } = await import('./update.ts');
        return updateCommand(commandContext(options, io), id, options, io, prompter);
      }),
    );

  command('resolve', 'Resolve an incident (or complete a maintenance window).')
    .argument('<id>', 'the incident id (its file name without .md)')
    .option(
      '--message <markdown>',
      'the closing message (default: "This incident has been resolved.")',
    )
    .option('--at <time>', 'when it was resolved (default: now)')
    .option('--no-notify', 'publish without notifying subscribers')
    .action(
      wrap(async (id: string, options: CommonOptions & ResolveOptions) => {
        const { resolveCommand } = await import('./update.ts');
        return resolveCommand(commandContext(options, io), id, options, io);
      }),
    );

  command('forecast', 'Show what merging this content would send to subscribers, without sending.')
    .option('--base <rev>', 'the branch or commit the change is merged into (default: main)')
    .action(
      wrap(async (options: CommonOptions & ForecastOptions) => {
        const { forecastCommand } = await import('./notify.ts');
        return forecastCommand(commandContext(options, io), options, io);
      }),
    );

  command('notify', 'Send subscribers every update they are owed, once; record it in the ledger.')
    .option('--dry-run', 'show what would be sent; send nothing and write nothing anywhere')
    .option(
      '--lease-minutes <minutes>',
      "when another run's unrecorded claim counts as abandoned",
      '30',
    )
    .option(
      '--branch <name>',
      'the branch the ledger branch starts from (default: GITHUB_REF_NAME or main)',
    )
    .option(
      '--timeout-seconds <seconds>',
      'how long to wait for a receiver to answer; a message without an answer is never retried where the receiver cannot drop repeats',
      '15',
    )
    .option(
      '--acknowledge',
      'accept every unconfirmed delivery (checked at the receiver), so it is no longer reported',
    )
    .action(
      wrap(async (options: CommonOptions & NotifyOptions) => {
        const { notifyCommand } = await import('./notify.ts');
        return notifyCommand(commandContext(options, io), options, io);
      }),
    );

  registerProjectCommands(parts);
  registerGithubCommands(parts);
  registerSubscriptionCommands(parts);
  return program;
}
