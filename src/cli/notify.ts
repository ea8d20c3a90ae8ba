import { randomUUID } from 'node:crypto';
import { ContentError, loadContent } from '../content/load.ts';
import { parseContent } from '../content/parse-content.ts';
import { readContentFiles } from '../content/read-files.ts';
import { readContentAtRevision, resolveRevision } from '../content/read-git.ts';
import { plural } from '../content/problems.ts';
import { githubFromEnv } from '../github/actions-env.ts';
import { DEFAULT_POLICY, describe } from '../notify/deliver.ts';
import { notificationEvents } from '../notify/events.ts';
import { githubLedger } from '../notify/ledger.ts';
import { plannedDeliveries, type Delivery } from '../notify/plan.ts';
import { runNotify, type NotifySummary } from '../notify/run.ts';
import { channelSenders } from '../notify/senders.ts';
import { resolveTarget, resolveTargets, TargetSetupError, type Target } from '../notify/targets.ts';
import { diffContent } from '../workflow/changes.ts';
import type { CommandContext } from './context.ts';
import { contentProblems } from './context.ts';
import { InvalidContentError, UsageError, type CliIo } from './io.ts';

export interface NotifyOptions {
  readonly dryRun?: boolean;
  readonly leaseMinutes?: string;
  readonly branch?: string;
}

/**
 * `statusmark notify`: delivers what the content owes subscribers, recorded in the ledger on
 * GitHub (GITHUB_TOKEN and GITHUB_REPOSITORY, as in a workflow). Exit 1 when a delivery failed.
 */
export async function notifyCommand(
  context: CommandContext,
  options: NotifyOptions,
  io: CliIo,
): Promise<number> {
  const { env } = io;
  if (!env.GITHUB_TOKEN || !env.GITHUB_REPOSITORY) {
    throw new UsageError(
      'notify records deliveries on GitHub: set GITHUB_TOKEN and GITHUB_REPOSITORY (a workflow sets the second; pass the first in env:).',
    );
  }
  const lease = Number(options.leaseMinutes ?? '30');
  if (!Number.isFinite(lease) || lease < 0)
    throw new UsageError('--lease-minutes takes a number of minutes.');
  const content = await loadContent(context.root).catch((error: unknown) => {
    // Invalid content owes nothing until it is fixed: the build refuses it too.
    throw error instanceof ContentError ? new InvalidContentError(error.message) : error;
  });
  let targets: Target[];
  try {
    targets = await resolveTargets(content.config.notifications, env);
  } catch (error) {
    if (error instanceof TargetSetupError) throw new UsageError(error.message);
    throw error;
  }
  const log = (line: string) => io.stdout.write(`${line}\n`);
  const github = githubFromEnv(env, env.GITHUB_TOKEN, env.GITHUB_REPOSITORY, log);
  const ledger = await githubLedger(
    github,
    content.config.notifications.ledger_branch,
    options.branch ?? env.GITHUB_REF_NAME ?? 'main',
  );
  const senders = channelSenders(content, github, DEFAULT_POLICY.timeoutMs);
  try {
    const summary = await runNotify({
      content,
      targets,
      ledger,
      senders,
      now: context.now,
      runId: env.GITHUB_RUN_ID
        ? `${env.GITHUB_RUN_ID}.${env.GITHUB_RUN_ATTEMPT ?? '1'}`
        : randomUUID(),
      leaseMs: lease * 60_000,
      policy: DEFAULT_POLICY,
      dryRun: options.dryRun ?? false,
      log,
    });
    io.stdout.write(formatSummary(summary, options.dryRun ?? false));
    return summary.failed.length > 0 ? 1 : 0;
  } finally {
    senders.close();
  }
}

/** Lines per update and target; email recipients are counted, never listed. */
function grouped(deliveries: readonly Delivery[]): string[] {
  const counts = new Map<string, number>();
  for (const delivery of deliveries) {
    const line = describe({ ...delivery, recipient: { id: '', components: null } });
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts].map(
    ([line, count]) => `  ${line}${count > 1 ? `: ${plural(count, 'subscriber')}` : ''}`,
  );
}

export function formatSummary(summary: NotifySummary, dryRun: boolean): string {
  if (summary.firstRun) {
    return 'First run: notifications start now. Earlier updates are recorded as published before, and nobody is notified of them.\n';
  }
  const lines: string[] = [];
  if (dryRun) {
    lines.push(
      summary.owed.length === 0
        ? 'Nothing is owed.'
        : `Would send ${plural(summary.owed.length, 'message')}:`,
      ...grouped(summary.owed),
    );
  } else {
    lines.push(
      summary.sent.length === 0
        ? 'Sent nothing: nothing was owed.'
        : `Sent ${plural(summary.sent.length, 'message')}:`,
      ...grouped(summary.sent),
    );
  }
  if (summary.skipped > 0)
    lines.push(`Skipped ${summary.skipped}: already delivered, or being delivered by another run.`);
  if (summary.unconfirmed.length > 0) {
    lines.push(
      `Unconfirmed ${summary.unconfirmed.length}: a run stopped after claiming them; the channel cannot drop repeats, so they are not sent again:`,
      ...grouped(summary.unconfirmed),
    );
  }
  if (summary.failed.length > 0) {
    lines.push(`Failed ${summary.failed.length}:`);
    for (const failure of summary.failed) {
      lines.push(
        `  ${describe(failure.delivery)}: ${failure.error} after ${plural(failure.attempts, 'attempt')}; ` +
          (failure.permanent ? 'not retried (fix the target).' : 'retried on the next run.'),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface ForecastOptions {
  readonly base?: string;
}

/**
 * `statusmark forecast`: what merging the working tree into `--base` would send, per update and
 * target, without sending. Targets whose secrets are not set here are named, not counted.
 */
export async function forecastCommand(
  context: CommandContext,
  options: ForecastOptions,
  io: CliIo,
): Promise<number> {
  const base = options.base ?? 'main';
  const after = parseContent(await readContentFiles(context.root));
  if (after.content === null || after.problems.length > 0)
    throw contentProblems(after.problems, 'Nothing was forecast');
  let baseSha: string;
  try {
    baseSha = await resolveRevision(context.root, base);
  } catch {
    throw new UsageError(`--base: "${base}" is not a commit of the repository at ${context.root}.`);
  }
  const before = parseContent(await readContentAtRevision(context.root, baseSha)).content;
  const changes = diffContent(before, after.content);
  const fresh = new Set(changes.entries.flatMap((change) => change.newUpdates));
  const events = notificationEvents(after.content, Number.POSITIVE_INFINITY).filter((event) =>
    fresh.has(event.update),
  );
  const config = after.content.config.notifications;
  const lines: string[] = [];
  const known: Target[] = [];
  for (const target of config.targets) {
    try {
      known.push(await resolveTarget(config, target, io.env));
    } catch (error) {
      if (!(error instanceof TargetSetupError)) throw error;
      lines.push(
        `  ${target.id} (${target.channel}): not counted here; its secrets are not set in this environment.`,
      );
    }
  }
  const deliveries = plannedDeliveries(events, known);
  const header =
    config.targets.length === 0
      ? 'Notifications are not set up: merging notifies no one.'
      : events.length === 0
        ? 'Merging notifies no one: no new update is announced.'
        : `Merging would send ${plural(deliveries.length, 'message')} for ${plural(events.length, 'new update')}:`;
  const perChannel = new Map<string, number>();
  for (const delivery of deliveries) {
    perChannel.set(delivery.target.channel, (perChannel.get(delivery.target.channel) ?? 0) + 1);
  }
  if (perChannel.size > 0) {
    lines.unshift(
      `By channel: ${[...perChannel].map(([channel, count]) => `${channel} ${count}`).join(', ')}.`,
    );
  }
  io.stdout.write(
    `${[header, ...grouped(deliveries), ...(config.targets.length > 0 && events.length > 0 ? lines : [])].join('\n')}\n`,
  );
  return 0;
}
