import { checkContent } from '../content/load.ts';
import { formatGithubAnnotations, formatProblems, plural } from '../content/problems.ts';
import { computeSnapshot } from '../domain/snapshot.ts';
import { UsageError, type CliIo } from './io.ts';
import type { CommandContext } from './context.ts';

export type ValidateFormat = 'text' | 'github';

/** Checks every file; prints each problem with its place and fix. Returns the exit code. */
export async function validateCommand(
  context: CommandContext,
  format: string,
  io: CliIo,
): Promise<number> {
  if (format !== 'text' && format !== 'github') {
    throw new UsageError(`--format "${format}" is not known; use text or github.`);
  }
  const { content, problems } = await checkContent(context.root);
  if (problems.length > 0 || content === null) {
    io.stderr.write(`${formatProblems(problems)}\n`);
    if (format === 'github') io.stdout.write(`${formatGithubAnnotations(problems)}\n`);
    return 1;
  }
  const snapshot = computeSnapshot(content, context.now);
  const open = snapshot.openIncidents.length;
  const upcoming = snapshot.upcomingMaintenances.length + snapshot.activeMaintenances.length;
  io.stdout.write(
    `All content is valid: ${plural(content.components.length, 'component')}, ` +
      `${plural(content.incidents.length, 'incident')} (${open} open), ` +
      `${plural(content.maintenances.length, 'maintenance window')} (${upcoming} upcoming or in progress).\n`,
  );
  return 0;
}
