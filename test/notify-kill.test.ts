import { execFile, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statusmark } from './helpers/cli.ts';
import { makeRepo, repoFiles, SITE_CONFIG } from './helpers/content-repo.ts';
import { commit, git } from './helpers/git.ts';
import { startGitHubStandIn, type StandIn } from './helpers/github-stand-in.ts';
import {
  startMailbox,
  startReceivers,
  WEBHOOK_SECRET,
  type Mailbox,
  type Receivers,
} from './helpers/receivers.ts';

/**
 * The kill harness: a real `statusmark notify` process, stopped with SIGKILL at a random point
 * of its run (seeded, so every trial can be replayed), against real receivers, a real SMTP
 * server and the GitHub stand-in, with GitHub and receivers misbehaving the way they do: a
 * ledger write that landed but was answered 500, a storm of 409s, a request never answered, a
 * receiver that times out. Then notify runs again until it has nothing left to do. Checked:
 * nothing owed is lost; a message arrives twice only when it was in flight when the run died
 * (or timed out), and never three times; every message that arrived is recorded.
 */

const BIN = path.resolve(import.meta.dirname, '../scripts/statusmark.js');
const SUBSCRIBERS = 8;
const EVENTS = 3;
const CHAT = ['/slack', '/discord', '/teams'] as const;
const TRIALS = 12;
const SEED = 20261201;

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
    - id: it-teams
      channel: teams
      url_env: T_TEAMS_URL
    - id: customers
      channel: email
      smtp_env: T_SMTP_URL
      from_env: T_MAIL_FROM
      subscribers_env: T_SUBSCRIBERS
`;

/** Event `n`: an incident whose one update carries the token `ZQn`, found in every body. */
function incident(n: number): [string, string] {
  const minute = String(10 + n).padStart(2, '0');
  return [
    `incidents/2026-11-23-kill-${n}.md`,
    `---\ntitle: Outage ZQ${n}Q\nimpact: major\ncomponents:\n  api: major_outage\nupdates:\n  - at: 2026-11-23T10:${minute}:00Z\n    status: investigating\n    message: We are on it ZQ${n}Q.\n---\n`,
  ];
}

/** mulberry32: a small seeded generator, so a failing trial can be replayed by its number. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface TrialResult {
  readonly owed: number;
  readonly lost: number;
  readonly repeated: number;
  readonly inFlight: number;
  readonly unrecorded: number;
}

function environment(standIn: StandIn, receivers: Receivers, mailbox: Mailbox): NodeJS.ProcessEnv {
  return {
    T_WEBHOOK_URL: `${receivers.url}/webhook`,
    T_WEBHOOK_SECRET: WEBHOOK_SECRET,
    T_SLACK_URL: `${receivers.url}/slack`,
    T_DISCORD_URL: `${receivers.url}/discord`,
    T_TEAMS_URL: `${receivers.url}/teams`,
    T_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
    T_MAIL_FROM: 'Status <status@status.example.com>',
    T_SUBSCRIBERS: Array.from({ length: SUBSCRIBERS }, (_, i) => `s${i}@customer.example`).join(
      '\n',
    ),
    STATUSMARK_LEDGER_KEY: 'kill-ledger-key',
    GITHUB_TOKEN: standIn.token,
    GITHUB_REPOSITORY: 'tidewater/status',
    GITHUB_API_URL: standIn.url,
    GITHUB_REF_NAME: 'main',
    STATUSMARK_GITHUB_UNPACED: 'true',
    STATUSMARK_GITHUB_TIMEOUT_MS: '400',
  };
}

/** The slots of every event file on the ledger branch. */
function ledgerSlots(standIn: StandIn): Map<string, { state: string; resent?: boolean }> {
  const slots = new Map<string, { state: string; resent?: boolean }>();
  for (const [file, text] of standIn.branches.get('statusmark-ledger')?.files ?? []) {
    const match = /^ledger\/events\/(.+)\.json$/.exec(file);
    if (!match) continue;
    const record = JSON.parse(text) as { slots: Record<string, { state: string }> };
    for (const [slot, value] of Object.entries(record.slots))
      slots.set(`${match[1]}.${slot}`, value);
  }
  return slots;
}

async function trial(number: number): Promise<TrialResult> {
  const next = random(SEED + number);
  const standIn = await startGitHubStandIn();
  const receivers = await startReceivers();
  const mailbox = await startMailbox();
  try {
    const root = await makeRepo(repoFiles({ 'statusmark.yml': CONFIG }));
    standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
    const env = environment(standIn, receivers, mailbox);
    const run = (args: string[] = []) =>
      statusmark(['notify', '--now', '2026-11-23T11:00:00Z', '--timeout-seconds', '1', ...args], {
        cwd: root,
        env,
      });
    const first = await statusmark(['notify', '--now', '2026-11-23T09:00:00Z'], { cwd: root, env });
    expect(first.stdout).toContain('First run');
    await commit(
      root,
      'Declare',
      Object.fromEntries(Array.from({ length: EVENTS }, (_, n) => incident(n))),
    );
    const owed = EVENTS * (1 + CHAT.length + SUBSCRIBERS);

    // Faults, drawn per trial.
    if (next() < 0.5)
      standIn.fail({ method: 'PUT', path: /\/contents\//, status: 500, after: true });
    if (next() < 0.3) standIn.fail({ method: 'PUT', path: /\/contents\//, status: 409, times: 3 });
    if (next() < 0.3) standIn.fail({ method: 'PUT', path: /\/contents\//, status: 0, hang: true });
    if (next() < 0.3) receivers.script('/teams', [{ hang: true }]);

    // The kill: at the k-th message a receiver takes in (mid-send), or after a random delay.
    let child: ChildProcess | undefined;
    let seen = 0;
    const killAt = 1 + Math.floor(next() * owed);
    const kill = () => child?.kill('SIGKILL');
    const count = () => {
      if (++seen === killAt) kill();
    };
    const byCount = next() < 0.7;
    if (byCount) {
      receivers.onRequest = count;
      mailbox.onMail = count;
    }
    await new Promise<void>((resolve) => {
      child = execFile(
        process.execPath,
        [BIN, 'notify', '--now', '2026-11-23T11:00:00Z', '--timeout-seconds', '1'],
        { cwd: root, env: { ...process.env, STATUSMARK_NOW: '', ...env } },
      );
      child.on('exit', () => {
        resolve();
      });
      if (!byCount) setTimeout(kill, 50 + Math.floor(next() * 1500));
    });
    receivers.onRequest = undefined;
    mailbox.onMail = undefined;
    const inFlight = [...ledgerSlots(standIn).values()].filter(
      (slot) => slot.state === 'sending',
    ).length;

    // Notify again until nothing is left: resends of unknown outcomes may take one more run.
    for (let attempt = 0; attempt < 4; attempt++) {
      const result = await run();
      if (result.code === 0) break;
    }

    // What arrived, by delivery key (chat bodies carry the event's token).
    const arrived = new Map<string, number>();
    const add = (key: string) => arrived.set(key, (arrived.get(key) ?? 0) + 1);
    for (const request of receivers.received) {
      if (request.path === '/webhook') add(String(request.headers['webhook-id']));
      else add(`${request.path}:${/ZQ(\d)Q/.exec(JSON.stringify(request.body))?.[1] ?? '?'}`);
    }
    for (const mail of mailbox.mails) add(mail.headers.get('x-statusmark-key') as string);
    const expected = [
      ...Array.from({ length: EVENTS }, (_, n) => CHAT.map((chat) => `${chat}:${n}`)).flat(),
    ];
    const webhooks = [...arrived.keys()].filter((key) => key.endsWith('.ops-webhook'));
    const mails = [...arrived.keys()].filter((key) => key.includes('.customers.'));
    const lost =
      expected.filter((key) => !arrived.has(key)).length +
      (EVENTS - webhooks.length) +
      (EVENTS * SUBSCRIBERS - mails.length);
    const repeated = [...arrived.values()].filter((times) => times > 1).length;
    expect(
      Math.max(...arrived.values()),
      `trial ${number}: a message arrived three times`,
    ).toBeLessThanOrEqual(2);

    // Every message that arrived is recorded as delivered; every repeat was a resend.
    const slots = ledgerSlots(standIn);
    const delivered = [...slots.values()].filter((slot) => slot.state === 'delivered');
    const resent = delivered.filter((slot) => slot.resent === true).length;
    const unrecorded = owed - delivered.length;
    expect(repeated, `trial ${number}: a repeat that was not a resend`).toBeLessThanOrEqual(resent);
    return { owed, lost, repeated, inFlight, unrecorded };
  } finally {
    await receivers.stop();
    await standIn.close();
  }
}

describe('notify killed at random points', () => {
  it(`loses nothing over ${TRIALS} seeded trials, and repeats only what was in flight`, async () => {
    const results: TrialResult[] = [];
    for (let number = 0; number < TRIALS; number++) results.push(await trial(number));
    const total = (key: keyof TrialResult) => results.reduce((sum, r) => sum + r[key], 0);
    const line = `kill harness: ${TRIALS} trials, ${total('owed')} owed, ${total('lost')} lost, ${total('repeated')} repeated, ${total('inFlight')} in flight at the kill, ${total('unrecorded')} unrecorded`;
    console.log(line);
    expect(total('lost'), line).toBe(0);
    expect(total('unrecorded'), line).toBe(0);
  }, 300_000);
});
