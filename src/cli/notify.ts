import { randomBytes } from 'node:crypto';
import { ContentError, loadContent } from '../content/load.ts';
import { parseContent } from '../content/parse-content.ts';
import { readContentFiles } from '../content/read-files.ts';
import { readContentAtRevision, resolveRevision } from '../content/read-git.ts';
import { plural } from '../content/problems.ts';
import type { SiteContent } from '../domain/model.ts';
import { githubFromEnv } from '../github/actions-env.ts';
import { GitHubError } from '../github/client.ts';
import { DEFAULT_POLICY, describe } from '../notify/deliver.ts';
import { freshEvents } from '../notify/events.ts';
import { githubLedger, LedgerError, type Ledger } from '../notify/ledger.ts';
import { plannedDeliveries, type Delivery } from '../notify/plan.ts';
import { processView } from '../notify/process-view.ts';
import { runNotify, type NotifySummary } from '../notify/run.ts';
import { channelSenders, type Senders } from '../notify/senders.ts';
import { ServiceUnavailableError } from '../notify/service-subscribers.ts';
import { resolveTarget, TargetSetupError, type Target } from '../notify/targets.ts';
import type { CommandContext } from './context.ts';
import { contentProblems } from './writable-content.ts';
import { CommandFailure, InvalidContentError, UsageError, type CliIo } from './io.ts';

export interface NotifyOptions {
  readonly dryRun?: boolean;
  readonly leaseMinutes?: string;
  readonly timeoutSeconds?: string;
  readonly branch?: string;
  readonly acknowledge?: boolean;
}

/**
 * `statusmark notify`: delivers what the content owes subscribers, recorded in the ledger on
 * GitHub (GITHUB_TOKEN and GITHUB_REPOSITORY, as in a workflow). Exit 1 while anything failed,
 * is unsure or unconfirmed, or could not be recorded.
 */
export async function notifyCommand(
  context: CommandContext,
  options: NotifyOptions,
  io: CliIo,
): Promise<number> {
  const lease = Number(options.leaseMinutes ?? '30');
  if (!Number.isFinite(lease) || lease < 0)
    throw new UsageError('--lease-minutes takes a number of minutes.');
  const timeout = Number(options.timeoutSeconds ?? String(DEFAULT_POLICY.timeoutMs / 1000));
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new UsageError('--timeout-seconds takes a number of seconds.');
  const policy = { ...DEFAULT_POLICY, timeoutMs: timeout * 1000 };
  const content = await loadContent(context.root).catch((error: unknown) => {
    // Invalid content owes nothing until it is fixed: the build refuses it too.
    throw error instanceof ContentError ? new InvalidContentError(error.message) : error;
  });
  const { targets, unavailable } = await targetsOrUsage(content, io.env);
  const log = (line: string) => io.stdout.write(`${line}\n`);
  const { ledger } = ledgerFromEnv(io.env, content, options.branch, log);
  const dryRun = options.dryRun ?? false;
  // A dry run sends nothing, so it needs no sender (and opens no SMTP connection).
  const senders: Senders = dryRun
    ? {
        groupSize: () => 1,
        send: () => Promise.reject(new Error('a dry run sends nothing')),
        close: () => undefined,
      }
    : channelSenders(content, ledger.github, policy.timeoutMs);
  const me = processView();
  try {
    const summary = await withGitHubErrors(() =>
      runNotify({
        content,
        targets,
        ledger: ledger.ledger,
        senders,
        now: context.now,
        runId: runIdFrom(io.env),
        leaseMs: lease * 60_000,
        policy,
        dryRun,
        acknowledge: options.acknowledge ?? false,
        log,
        incomplete: unavailable.length > 0,
        self: me.self,
        isAlive: (marker) => me.isAlive(marker),
      }),
    );
    io.stdout.write(formatSummary(summary, dryRun));
    for (const line of unavailable) io.stderr.write(`${line}\n`);
    const unresolved = summary.failed.length + summary.unsure.length + summary.unconfirmed.length;
    if (summary.stopped !== null) {
      io.stderr.write(
        `The ledger could not be written, so the run stopped: ${summary.stopped} Run notify again; nothing unsent is lost.\n`,
      );
      return 1;
    }
    return !dryRun && unresolved + unavailable.length > 0 ? 1 : 0;
  } finally {
    senders.close();
  }
}

/** Unique per process: a workflow re-run and a second process never share marks. */
function runIdFrom(env: NodeJS.ProcessEnv): string {
  const random = randomBytes(4).toString('hex');
  return env.GITHUB_RUN_ID
    ? `${env.GITHUB_RUN_ID}.${env.GITHUB_RUN_ATTEMPT ?? '1'}.${random}`
    : `local.${random}`;
}

/**
 * The targets with their secrets and subscribers. A missing secret is wrong usage; a target
 * whose subscribers cannot be read now (the subscription service is down) is left out of this
 * run, which then settles nothing, so its messages are owed to the next run.
 */
async function targetsOrUsage(
  content: SiteContent,
  env: NodeJS.ProcessEnv,
): Promise<{ targets: Target[]; unavailable: string[] }> {
  const { notifications, subscriptions } = content.config;
  const targets: Target[] = [];
  const unavailable: string[] = [];
  for (const config of notifications.targets) {
    try {
      targets.push(
        await resolveTarget(notifications, config, env, { serviceUrl: subscriptions?.url }),
      );
    } catch (error) {
      if (error instanceof TargetSetupError) throw new UsageError(error.message);
      if (!(error instanceof ServiceUnavailableError)) throw error;
      unavailable.push(
        `${config.id} (${config.channel}) was not notified: ${error.message} Its messages are sent on a later run.`,
      );
    }
  }
  return { targets, unavailable };
}

function ledgerFromEnv(
  env: NodeJS.ProcessEnv,
  content: SiteContent,
  branch: string | undefined,
  log: (line: string) => void,
): { ledger: { ledger: Ledger; github: ReturnType<typeof githubFromEnv> } } {
  if (!env.GITHUB_TOKEN || !env.GITHUB_REPOSITORY) {
    throw new UsageError(
      'notify records deliveries on GitHub: set GITHUB_TOKEN and GITHUB_REPOSITORY (a workflow sets the second; pass the first in env:).',
    );
  }
  const github = githubFromEnv(env, env.GITHUB_TOKEN, env.GITHUB_REPOSITORY, log);
  const ledger = githubLedger(github, {
    branch: content.config.notifications.ledger_branch,
    baseBranch: branch ?? env.GITHUB_REF_NAME ?? 'main',
    ...(env.STATUSMARK_GITHUB_UNPACED === 'true' ? { retryMs: [20, 50, 100] } : {}),
  });
  return { ledger: { ledger, github } };
}

/** GitHub and ledger failures end the command with their sentence, exit code 1. */
async function withGitHubErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GitHubError || error instanceof LedgerError) {
      throw new CommandFailure(error.message);
    }
    throw error;
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
    return dryRun
      ? 'Notifications have not started: the first notify run records the start and sends nothing.\n'
      : 'First run: notifications start now. Earlier updates are recorded as published before, and nobody is notified of them.\n';
  }
  const lines: string[] = [];
  const section = (deliveries: readonly Delivery[], heading: string) => {
    if (deliveries.length > 0) lines.push(heading, ...grouped(deliveries));
  };
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
        ? 'Sent nothing new.'
        : `Sent ${plural(summary.sent.length, 'message')}:`,
      ...grouped(summary.sent),
    );
    section(
      summary.resent,
      `Sent again ${summary.resent.length}: an earlier send's outcome was unknown, so these may have arrived twice:`,
    );
    section(
      summary.unsure,
      `Unsure ${summary.unsure.length}: sent with no answer; sent once more on the next run:`,
    );
  }
  if (summary.skipped > 0) lines.push(`Skipped ${summary.skipped}: being sent by another run.`);
  section(
    summary.unconfirmed,
    `Unconfirmed ${summary.unconfirmed.length}: their outcome is unknown and they are not sent again; check the receiver, then run notify --acknowledge:`,
  );
  section(summary.acknowledged, `Acknowledged ${summary.acknowledged.length}:`);
  if (summary.failed.length > 0) {
    lines.push(`Failed ${summary.failed.length}:`);
    for (const failure of summary.failed) {
      lines.push(
        `  ${describe(failure.delivery)}: ${failure.error} after ${plural(failure.attempts, 'attempt')}; ` +
          (failure.permanent ? 'not retried (fix the target).' : 'retried on the next run.'),
      );
    }
  }
  section(
    summary.unrecorded,
    `Sent but not recorded ${summary.unrecorded.length} (the next run sends them once more):`,
  );
  return `${lines.join('\n')}\n`;
}

export interface ForecastOptions {
  readonly base?: string;
}

/**
 * `statusmark forecast`: what merging the working tree into `--base` would send, per update and
 * target, without sending or writing anything. With GITHUB_TOKEN and GITHUB_REPOSITORY it plans
 * exactly as notify does, from the ledger; without them, every update the change adds (by the
 * same event identity) counts as owed. Targets whose secrets are not set here are named.
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
  const config = after.content.config.notifications;
  const lines: string[] = [];
  const known: Target[] = [];
  for (const target of config.targets) {
    try {
      known.push(
        await resolveTarget(config, target, io.env, {
          serviceUrl: after.content.config.subscriptions?.url,
        }),
      );
    } catch (error) {
      if (!(error instanceof TargetSetupError) && !(error instanceof ServiceUnavailableError)) {
        throw error;
      }
      lines.push(
        error instanceof ServiceUnavailableError
          ? `  ${target.id} (${target.channel}): not counted here; ${error.message}`
          : `  ${target.id} (${target.channel}): not counted here; its secrets are not set in this environment.`,
      );
    }
  }
  const planned = await forecastDeliveries(before, after.content, known, context.now, io.env);
  if (planned === 'not started') {
    io.stdout.write(
      'Merging notifies no one: notifications have not started, and the first notify run records the start and sends nothing.\n',
    );
    return 0;
  }
  const { deliveries, fromLedger } = planned;
  const updates = new Set(deliveries.map((delivery) => delivery.event.key)).size;
  const header =
    config.targets.length === 0
      ? 'Notifications are not set up: merging notifies no one.'
      : deliveries.length === 0
        ? 'Merging notifies no one: no new update is owed.'
        : `Merging would send ${plural(deliveries.length, 'message')} for ${plural(updates, 'update')}:`;
  const perChannel = new Map<string, number>();
  for (const delivery of deliveries) {
    perChannel.set(delivery.target.channel, (perChannel.get(delivery.target.channel) ?? 0) + 1);
  }
  if (perChannel.size > 0) {
    lines.unshift(
      `By channel: ${[...perChannel].map(([channel, count]) => `${channel} ${count}`).join(', ')}.`,
    );
  }
  if (!fromLedger && config.targets.length > 0) {
    lines.push(
      'The ledger was not read (set GITHUB_TOKEN and GITHUB_REPOSITORY to read it): every update this change adds counts as owed.',
    );
  }
  io.stdout.write(
    `${[header, ...grouped(deliveries), ...(config.targets.length > 0 ? lines : [])].join('\n')}\n`,
  );
  return 0;
}

/** What notify would owe after the merge: from the ledger when it can be read. */
async function forecastDeliveries(
  before: SiteContent | null,
  after: SiteContent,
  targets: readonly Target[],
  now: number,
  env: NodeJS.ProcessEnv,
): Promise<{ deliveries: readonly Delivery[]; fromLedger: boolean } | 'not started'> {
  if (!env.GITHUB_TOKEN || !env.GITHUB_REPOSITORY) {
    return {
      deliveries: plannedDeliveries(freshEvents(before, after, now), targets),
      fromLedger: false,
    };
  }
  const { ledger } = ledgerFromEnv(env, after, undefined, () => undefined);
  const summary = await withGitHubErrors(() =>
    runNotify({
      content: after,
      targets,
      ledger: ledger.ledger,
      senders: {
        groupSize: () => 1,
        send: () => Promise.reject(new Error('a forecast sends nothing')),
        close: () => undefined,
      },
      now,
      runId: 'forecast',
      leaseMs: 30 * 60_000,
      policy: DEFAULT_POLICY,
      dryRun: true,
      log: () => undefined,
    }),
  );
  if (summary.firstRun) return 'not started';
  return { deliveries: summary.owed, fromLedger: true };
}
