import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadContent } from '../src/content/load.ts';
import type { GitHub } from '../src/github/client.ts';
import type { DeliveryPolicy } from '../src/notify/deliver.ts';
import { githubLedger, LedgerError, type Ledger } from '../src/notify/ledger.ts';
import { runNotify, type NotifySummary } from '../src/notify/run.ts';
import { channelSenders } from '../src/notify/senders.ts';
import { resolveTargets } from '../src/notify/targets.ts';
import { makeRepo, repoFiles, SITE_CONFIG } from './helpers/content-repo.ts';
import { commit, git } from './helpers/git.ts';
import { standInClient, startGitHubStandIn, type StandIn } from './helpers/github-stand-in.ts';
import {
  startMailbox,
  startReceivers,
  WEBHOOK_SECRET,
  type Mailbox,
  type Receivers,
} from './helpers/receivers.ts';

const CONFIG = `${SITE_CONFIG}notifications:
  targets:
    - id: ops-webhook
      channel: webhook
      url_env: T_WEBHOOK_URL
      secret_env: T_WEBHOOK_SECRET
    - id: ops-slack
      channel: slack
      url_env: T_SLACK_URL
    - id: community-discord
      channel: discord
      url_env: T_DISCORD_URL
      components: [dashboard]
    - id: it-teams
      channel: teams
      url_env: T_TEAMS_URL
    - id: customers
      channel: email
      smtp_env: T_SMTP_URL
      from_env: T_MAIL_FROM
      subscribers_env: T_SUBSCRIBERS
    - id: status-issue
      channel: github
      issue: 5
`;

const SECRETS = {
  slack: 'xoxbslacksecret0001',
  discord: 'discordsecret0002',
  teams: 'teamssecret0003',
  smtp: 'smtppassword0004',
  ledger: 'ledgerkey0005',
};
const ADDRESSES = ['ana@customer.example', 'bo@customer.example', 'cy@customer.example'];

const INCIDENT = (updates: string) => `---
title: Elevated API error rates
impact: major
components:
  api: partial_outage
mentions: [oncall-lead]
updates:
  - at: 2026-11-23T09:00:00Z
    status: investigating
    message: "We are investigating elevated error rates on the API: p99 > 5 s & errors < 2%. @everyone"
${updates}---
`;
const FILE = 'incidents/2026-11-23-api-errors.md';
const IDENTIFIED = `  - at: 2026-11-23T09:20:00Z
    status: identified
    message: A faulty deploy; rolling back.
`;

const POLICY: DeliveryPolicy = {
  retries: 3,
  minRetryMs: 20,
  maxRetryMs: 100,
  maxRetryAfterMs: 5000,
  timeoutMs: 1000,
};

let standIn: StandIn;
let github: GitHub;
let receivers: Receivers;
let mailbox: Mailbox;
let logs: string[];

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  github = standInClient(standIn);
  receivers = await startReceivers();
  mailbox = await startMailbox();
  logs = [];
});
afterEach(() => standIn.close());

function env(): NodeJS.ProcessEnv {
  return {
    T_WEBHOOK_URL: `${receivers.url}/webhook`,
    T_WEBHOOK_SECRET: WEBHOOK_SECRET,
    T_SLACK_URL: `${receivers.url}/slack?token=${SECRETS.slack}`,
    T_DISCORD_URL: `${receivers.url}/discord?token=${SECRETS.discord}`,
    T_TEAMS_URL: `${receivers.url}/teams?sig=${SECRETS.teams}`,
    T_SMTP_URL: `smtp://status:${SECRETS.smtp}@127.0.0.1:${mailbox.port}`,
    T_MAIL_FROM: 'Example Status <status@status.example.com>',
    T_SUBSCRIBERS: `${ADDRESSES[0]} api\n${ADDRESSES[1]}\n# a comment\n${ADDRESSES[2]} dashboard\n`,
    STATUSMARK_LEDGER_KEY: SECRETS.ledger,
  };
}

async function repository(config = CONFIG): Promise<string> {
  const root = await makeRepo(repoFiles({ 'statusmark.yml': config }));
  standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
  return root;
}

async function notify(
  root: string,
  now: string,
  options: {
    runId?: string;
    ledger?: Ledger;
    leaseMs?: number;
    env?: NodeJS.ProcessEnv;
    acknowledge?: boolean;
  } = {},
): Promise<NotifySummary> {
  const content = await loadContent(root);
  const targets = await resolveTargets(content.config.notifications, { ...env(), ...options.env });
  const ledger =
    options.ledger ??
    githubLedger(github, {
      branch: content.config.notifications.ledger_branch,
      baseBranch: 'main',
      retryMs: [10],
    });
  const senders = channelSenders(content, github, POLICY.timeoutMs);
  try {
    return await runNotify({
      content,
      targets,
      ledger,
      senders,
      now: Date.parse(now),
      runId: options.runId ?? `run-${now}`,
      leaseMs: options.leaseMs ?? 30 * 60_000,
      policy: POLICY,
      dryRun: false,
      acknowledge: options.acknowledge ?? false,
      log: (line) => logs.push(line),
    });
  } finally {
    senders.close();
  }
}

const keys = (summary: NotifySummary) => summary.sent.map((delivery) => delivery.key).sort();

describe('notify on merge', () => {
  it('sends nothing for the past on its first run, then each new update once per matching target', async () => {
    const root = await repository();
    const first = await notify(root, '2026-11-23T08:00:00Z');
    expect(first.firstRun).toBe(true);
    expect(receivers.received).toHaveLength(0);

    await commit(root, 'Declare', { [FILE]: INCIDENT('') });
    const merged = await notify(root, '2026-11-23T09:01:00Z');
    expect(keys(merged)).toEqual([
      expect.stringMatching(/^20261123T090000Z\.20261123T090000Z\.customers\.[0-9a-f]{20}$/),
      expect.stringMatching(/^20261123T090000Z\.20261123T090000Z\.customers\.[0-9a-f]{20}$/),
      '20261123T090000Z.20261123T090000Z.it-teams',
      '20261123T090000Z.20261123T090000Z.ops-slack',
      '20261123T090000Z.20261123T090000Z.ops-webhook',
      '20261123T090000Z.20261123T090000Z.status-issue',
    ]);
    expect(merged.sent.map((delivery) => delivery.target.id).sort()).toEqual(
      ['customers', 'customers', 'it-teams', 'ops-slack', 'ops-webhook', 'status-issue'].sort(),
    );
    expect(receivers.of('/webhook')).toHaveLength(1);
    expect(receivers.of('/webhook')[0]?.verified).toBe(true);
    expect(receivers.of('/webhook')[0]?.headers['webhook-id']).toBe(
      '20261123T090000Z.20261123T090000Z.ops-webhook',
    );
    expect(receivers.of('/slack')).toHaveLength(1);
    expect(receivers.of('/teams')).toHaveLength(1);
    expect(receivers.of('/discord')).toHaveLength(0); // follows the dashboard only
    expect(mailbox.envelopes.flat().sort()).toEqual([ADDRESSES[0], ADDRESSES[1]]); // cy follows the dashboard
    expect(standIn.comments.filter((comment) => comment.issue === 5)).toHaveLength(1);

    const again = await notify(root, '2026-11-23T09:02:00Z');
    expect(again.sent).toEqual([]);
    expect(receivers.received).toHaveLength(3);

    await commit(root, 'Identified', { [FILE]: INCIDENT(IDENTIFIED) });
    const next = await notify(root, '2026-11-23T09:21:00Z');
    expect(next.sent.map((delivery) => delivery.event.update.at)).toEqual(
      Array(6).fill('2026-11-23T09:20:00Z'),
    );
    expect(receivers.of('/webhook')).toHaveLength(2);
    expect(receivers.of('/slack')).toHaveLength(2);
    expect(mailbox.mails).toHaveLength(4);
  });

  it('owes nothing for a fixed typo or a renamed file', async () => {
    const root = await repository();
    await notify(root, '2026-11-23T08:00:00Z');
    await commit(root, 'Declare', { [FILE]: INCIDENT('') });
    await notify(root, '2026-11-23T09:01:00Z');
    const fixed = INCIDENT('').replace('We are investigating', 'We are looking into');
    await commit(root, 'Typo and rename', {
      [FILE]: null,
      'incidents/2026-11-23-api-error-rates.md': fixed,
    });
    const after = await notify(root, '2026-11-23T09:05:00Z');
    // The event's deliveries were all final, so it is settled and not even read again.
    expect(after.owed).toEqual([]);
    expect(after.sent).toEqual([]);
  });

  it('respects notify: false on the incident and on an update', async () => {
    const root = await repository();
    await notify(root, '2026-11-23T08:00:00Z');
    await commit(root, 'Quiet', {
      [FILE]: INCIDENT(IDENTIFIED.replace('rolling back.', 'rolling back.\n    notify: false')),
    });
    const summary = await notify(root, '2026-11-23T09:30:00Z');
    expect(new Set(summary.sent.map((delivery) => delivery.event.update.at))).toEqual(
      new Set(['2026-11-23T09:00:00Z']),
    );
  });
});

describe('a GitHub discussion target', () => {
  it('gets one comment per update, mentioning the people the incident names', async () => {
    const root = await repository(
      `${SITE_CONFIG}notifications:\n  targets:\n    - id: announcements\n      channel: github\n      discussion: 3\n`,
    );
    standIn.discussions.set(3, { id: 'D_3', comments: [] });
    await notify(root, '2026-11-23T08:00:00Z');
    await commit(root, 'Declare', { [FILE]: INCIDENT(IDENTIFIED) });
    const sent = await notify(root, '2026-11-23T09:21:00Z');
    expect(sent.sent).toHaveLength(2);
    const rerun = await notify(root, '2026-11-23T09:30:00Z');
    expect(rerun.sent).toEqual([]);
    const comments = standIn.discussions.get(3)?.comments ?? [];
    expect(comments).toHaveLength(2);
    expect(comments[1]?.body).toContain('cc @oncall-lead');
    expect(comments[0]?.body).toContain('@\u200beveryone');
  });
});

describe('delivery faults', () => {
  async function merged(config = CONFIG): Promise<string> {
    const root = await repository(config);
    await notify(root, '2026-11-23T08:00:00Z');
    await commit(root, 'Declare', { [FILE]: INCIDENT('') });
    return root;
  }

  it('retries 500s and 429 with Retry-After, leaves a timeout on a channel without de-duplication for one more try, and delivers each key once', async () => {
    const root = await merged();
    receivers.script('/webhook', [{ status: 500 }, { status: 503 }]);
    receivers.script('/slack', [{ status: 429, headers: { 'retry-after': '1' } }]);
    receivers.script('/teams', [{ hang: true }]);
    mailbox.rejectNext([451]);
    const started = Date.now();
    const summary = await notify(root, '2026-11-23T09:01:00Z');
    expect(summary.failed).toEqual([]);
    expect(summary.sent).toHaveLength(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // Slack's Retry-After was waited
    expect(receivers.of('/webhook').map((request) => request.headers['webhook-id'])).toEqual(
      Array(3).fill('20261123T090000Z.20261123T090000Z.ops-webhook'),
    );
    expect(receivers.of('/slack')).toHaveLength(2);
    // Teams timed out: it may have the message, and cannot drop a repeat, so it is not retried
    // in the run; the next run sends it once more (at-least-once) and says so.
    expect(summary.unsure.map((delivery) => delivery.target.id)).toEqual(['it-teams']);
    expect(receivers.of('/teams')).toHaveLength(1);
    expect(mailbox.envelopes.flat().sort()).toEqual([ADDRESSES[0], ADDRESSES[1]]);
    const next = await notify(root, '2026-11-23T09:02:00Z');
    expect(next.sent).toEqual([]);
    expect(next.resent.map((delivery) => delivery.target.id)).toEqual(['it-teams']);
    expect(receivers.of('/teams')).toHaveLength(2);
    expect((await notify(root, '2026-11-23T09:03:00Z')).owed).toEqual([]);
  });

  it('records a failing target as owed, delivers it on the next run, and repeats no one else', async () => {
    const root = await merged();
    receivers.script('/slack', Array(4).fill({ status: 502 }));
    const first = await notify(root, '2026-11-23T09:01:00Z');
    expect(
      first.failed.map((failure) => [failure.delivery.target.id, failure.error, failure.permanent]),
    ).toEqual([['ops-slack', 'the receiver answered 502', false]]);
    expect(first.sent).toHaveLength(5);
    const second = await notify(root, '2026-11-23T09:10:00Z');
    expect(second.sent.map((delivery) => delivery.target.id)).toEqual(['ops-slack']);
    expect(receivers.of('/webhook')).toHaveLength(1);
    expect(receivers.of('/slack')).toHaveLength(5);
    expect(mailbox.mails).toHaveLength(2);
  });

  it('retries a refused connection on the next run, once the receiver is up', async () => {
    const root = await merged();
    const down = await startReceivers();
    const closedPort = down.url; // a port nothing listens on once this receiver stops
    await down.stop();
    const first = await notify(root, '2026-11-23T09:01:00Z', {
      env: { T_WEBHOOK_URL: `${closedPort}/webhook` },
    });
    expect(
      first.failed.map((failure) => [failure.delivery.target.id, failure.error, failure.attempts]),
    ).toEqual([['ops-webhook', 'the request failed (ECONNREFUSED)', 4]]);
    expect(first.sent).toHaveLength(5);
    const second = await notify(root, '2026-11-23T09:10:00Z');
    expect(second.sent.map((delivery) => delivery.target.id)).toEqual(['ops-webhook']);
    expect(receivers.of('/webhook')).toHaveLength(1);
    expect(receivers.of('/slack')).toHaveLength(1);
  });

  it('reports 404 and 410 (and a 550 mailbox) as permanent and does not retry them', async () => {
    const root = await merged();
    receivers.script('/teams', [{ status: 410 }]);
    receivers.script('/webhook', [{ status: 404 }]);
    mailbox.rejectNext([550]);
    const first = await notify(root, '2026-11-23T09:01:00Z');
    expect(
      first.failed
        .map((failure) => [failure.delivery.target.id, failure.error, failure.attempts])
        .sort(),
    ).toEqual([
      ['customers', 'the SMTP server answered 550', 1],
      ['it-teams', 'the receiver answered 410 (the URL is gone)', 1],
      ['ops-webhook', 'the receiver answered 404 (the URL is gone)', 1],
    ]);
    const second = await notify(root, '2026-11-23T09:10:00Z');
    expect(second.sent).toEqual([]);
    expect(second.failed).toEqual([]);
  });

  it('splits the work between two runs at once: every key is sent exactly once', async () => {
    const root = await merged();
    const [a, b] = await Promise.all([
      notify(root, '2026-11-23T09:01:00Z', { runId: 'run-a' }),
      notify(root, '2026-11-23T09:01:00Z', { runId: 'run-b' }),
    ]);
    expect([...keys(a), ...keys(b)].sort()).toEqual([...new Set([...keys(a), ...keys(b)])].sort());
    expect(a.sent.length + b.sent.length).toBe(6);
    expect(receivers.of('/webhook')).toHaveLength(1);
    expect(receivers.of('/slack')).toHaveLength(1);
    expect(mailbox.mails).toHaveLength(2);
  });

  it('after a run stopped between sending and recording, sends each unrecorded delivery once more, or reports it on an at-most-once target', async () => {
    const root = await merged(
      CONFIG.replace(
        '      channel: slack\n',
        '      channel: slack\n      delivery: at-most-once\n',
      ),
    );
    const ledger = githubLedger(github, {
      branch: 'statusmark-ledger',
      baseBranch: 'main',
      retryMs: [10],
    });
    let updates = 0;
    const dying: Ledger = {
      ...ledger,
      update: (event, change) => {
        updates++;
        // The first write marks every target's first batch; the second would record them.
        if (updates > 1) return Promise.reject(new LedgerError('GitHub is gone'));
        return ledger.update(event, change);
      },
    };
    const dead = await notify(root, '2026-11-23T09:01:00Z', { ledger: dying, runId: 'dead' });
    expect(dead.stopped).toBe('GitHub is gone');
    expect(dead.unrecorded).toHaveLength(6);
    expect(receivers.received).toHaveLength(3);
    // The stopped run's marks are older than a zero lease: it is known to be gone.
    const rerun = await notify(root, '2026-11-23T09:45:00Z', { runId: 'rerun', leaseMs: 0 });
    expect(rerun.sent).toEqual([]);
    expect(rerun.resent.map((delivery) => delivery.target.id).sort()).toEqual([
      'customers',
      'customers',
      'it-teams',
      'ops-webhook',
      'status-issue',
    ]);
    expect(rerun.unconfirmed.map((delivery) => delivery.target.id)).toEqual(['ops-slack']);
    const ids = receivers.of('/webhook').map((request) => request.headers['webhook-id']);
    expect(ids).toEqual([
      '20261123T090000Z.20261123T090000Z.ops-webhook',
      '20261123T090000Z.20261123T090000Z.ops-webhook',
    ]);
    expect(receivers.of('/slack')).toHaveLength(1);
    expect(receivers.of('/teams')).toHaveLength(2);
    expect(mailbox.mails).toHaveLength(4);
    expect(standIn.comments.filter((comment) => comment.issue === 5)).toHaveLength(1);
    // Unconfirmed stays reported until a person acknowledges it; then nothing is owed.
    const later = await notify(root, '2026-11-23T10:00:00Z', { leaseMs: 0 });
    expect(later.unconfirmed.map((delivery) => delivery.target.id)).toEqual(['ops-slack']);
    const acknowledged = await notify(root, '2026-11-23T10:01:00Z', { acknowledge: true });
    expect(acknowledged.acknowledged.map((delivery) => delivery.target.id)).toEqual(['ops-slack']);
    const quiet = await notify(root, '2026-11-23T10:02:00Z');
    expect([quiet.owed, quiet.unconfirmed]).toEqual([[], []]);
  });
});

describe('secrets and addresses', () => {
  it('appear in no log line, ledger file, message or error', async () => {
    const root = await repository();
    await notify(root, '2026-11-23T08:00:00Z');
    await commit(root, 'Declare', { [FILE]: INCIDENT('') });
    receivers.script('/slack', [
      { status: 500 },
      { status: 500 },
      { status: 500 },
      { status: 500 },
    ]);
    mailbox.rejectNext([550]);
    const summary = await notify(root, '2026-11-23T09:01:00Z');
    const ledgerFiles = [...(standIn.branches.get('statusmark-ledger')?.files.entries() ?? [])].map(
      ([file, text]) => `${file}\n${text}`,
    );
    const everything = [
      ...logs,
      ...ledgerFiles,
      ...standIn.comments.map((comment) => comment.body),
      ...summary.failed.map((failure) => failure.error),
      JSON.stringify(
        summary.sent.map((delivery) => ({ key: delivery.key, target: delivery.target })),
      ),
      ...receivers.received.map((request) => JSON.stringify(request.body)),
    ].join('\n');
    expect(ledgerFiles.length).toBeGreaterThan(1);
    for (const secret of [...Object.values(SECRETS), ...ADDRESSES, WEBHOOK_SECRET]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/@customer\.example/);
    // Chat text cannot become markup: Slack's control characters are escaped.
    expect(JSON.stringify(receivers.of('/slack')[0]?.body)).toContain(
      'p99 &gt; 5 s &amp; errors &lt; 2%',
    );
    expect(receivers.of('/discord')).toHaveLength(0);
  });
});

describe('the messages', () => {
  it('reads well on every channel', async () => {
    const root = await repository();
    await notify(root, '2026-11-23T08:00:00Z');
    await commit(root, 'Declare', {
      [FILE]: INCIDENT(IDENTIFIED).replace(
        'api: partial_outage',
        'api: partial_outage\n  dashboard: degraded_performance',
      ),
    });
    await notify(root, '2026-11-23T09:21:00Z');
    const webhook = receivers.of('/webhook').at(-1)?.body;
    const mail = mailbox.mails.find((candidate) => candidate.subject?.includes('Identified'));
    expect({
      webhook,
      slack: receivers.of('/slack').at(-1)?.body,
      discord: receivers.of('/discord').at(-1)?.body,
      teams: receivers.of('/teams').at(-1)?.body,
      email: {
        subject: mail?.subject,
        text: mail?.text,
        inReplyTo: mail?.inReplyTo,
        messageId: mail?.messageId,
        unsubscribe: mail?.headerLines.find((line) => line.key === 'list-unsubscribe')?.line,
      },
      github: standIn.comments.filter((comment) => comment.issue === 5).at(-1)?.body,
    }).toMatchSnapshot();
  });
});
