import { checkContent } from '../content/load.ts';
import { formatGithubAnnotations, formatProblems, plural } from '../content/problems.ts';
import type { Problem } from '../content/problems.ts';
import type { IncidentState } from '../domain/status.ts';
import { computeSnapshot } from '../domain/snapshot.ts';
import { formatDuration } from '../render/format.ts';
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
  const warnings = staleIncidentWarnings(snapshot.openIncidents, context.now);
  if (warnings.length > 0) {
    const lines = warnings.map((w) => `Warning: ${w.file}: ${w.message}\n  ${w.fix}`);
    io.stderr.write(`${lines.join('\n')}\n`);
    if (format === 'github') io.stdout.write(`${formatGithubAnnotations(warnings, 'warning')}\n`);
  }
  const open = snapshot.openIncidents.length;
  const upcoming = snapshot.upcomingMaintenances.length + snapshot.activeMaintenances.length;
  io.stdout.write(
    `All content is valid: ${plural(content.components.length, 'component')}, ` +
      `${plural(content.incidents.length, 'incident')} (${open} open), ` +
      `${plural(content.maintenances.length, 'maintenance window')} (${upcoming} upcoming or in progress).\n`,
  );
  return 0;
}

/** An open incident without an update for this long is probably over and was never resolved. */
export const STALE_AFTER_MS = 7 * 24 * 3_600_000;

/**
 * Open incidents whose last update is older than a week: visitors read them as a live outage.
 * A warning, not a problem: the content is valid, and an incident can truly last that long.
 */
export function staleIncidentWarnings(open: readonly IncidentState[], now: number): Problem[] {
  return open
    .filter((state) => now - state.latest.time >= STALE_AFTER_MS)
    .map((state) => ({
      file: state.incident.file,
      line: 1,
      column: 1,
      message: `This incident is still open, and its last update was ${formatDuration(now - state.latest.time)} ago.`,
      fix: `Resolve it (npx statusmark resolve ${state.incident.id}) or post an update saying what is still going on.`,
    }));
}
