import { execFile, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const CONFIG = `${SITE_CONFIG}notifications:
  targets:
    - id: ops-webhook
      channel: webhook
      url_env: T_WEBHOOK_URL
      secret_env: T_WEBHOOK_SECRET
    - id: ops-slack
      channel: slack
      url_env: T_SLACK_URL
    - id: customers
      channel: email
      smtp_env: T_SMTP_URL
      from_env: T_MAIL_FROM
      subscribers_env: T_SUBSCRIBERS
`;
const INCIDENT = `---
title: Checkout fails
impact: critical
components:
  api: major_outage
updates:
  - at: 2026-11-23T10:00:00Z
    status: investigating
    message: Payments fail for every customer.
---
`;
const FILE = 'incidents/2026-11-23-checkout-fails.md';
const BIN = path.resolve(import.meta.dirname, '../scripts/statusmark.js');

let standIn: StandIn;
let receivers: Receivers;
let mailbox: Mailbox;

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  receivers = await startReceivers();
  mailbox = await startMailbox();
});
afterEach(() => standIn.close());

function env(): NodeJS.ProcessEnv {
  return {
    T_WEBHOOK_URL: `${receivers.url}/webhook`,
    T_WEBHOOK_SECRET: WEBHOOK_SECRET,
    T_SLACK_URL: `${receivers.url}/slack?token=xoxbclisecret`,
    T_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}`,
    T_MAIL_FROM: 'Example Status <status@status.example.com>',
    T_SUBSCRIBERS: 'ana@customer.example\nbo@customer.example api\ncy@customer.example email',
    STATUSMARK_LEDGER_KEY: 'cli-ledger-key',
    GITHUB_TOKEN: standIn.token,
    GITHUB_REPOSITORY: 'tidewater/status',
    GITHUB_API_URL: standIn.url,
    GITHUB_REF_NAME: 'main',
    STATUSMARK_GITHUB_UNPACED: 'true',
  };
}

async function repository(): Promise<string> {
  const root = await makeRepo(repoFiles({ 'statusmark.yml': CONFIG }));
  standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
  return root;
}

describe('statusmark forecast', () => {
  it('says what merging would send, per update and target, counting subscribers without naming them', async () => {
    const root = await repository();
    await writeFile(path.join(root, FILE), INCIDENT);
    // The ledger says notifications have not started: the first notify run sends nothing.
    const fresh = await statusmark(['forecast', '--base', 'main'], { cwd: root, env: env() });
    expect(fresh.stdout).toBe(
      'Merging notifies no one: notifications have not started, and the first notify run records the start and sends nothing.\n',
    );
    await statusmark(['notify', '--now', '2026-11-23T09:00:00Z'], { cwd: root, env: env() });
    const withSecrets = await statusmark(['forecast', '--base', 'main'], { cwd: root, env: env() });
    expect(withSecrets.stdout).toMatchInlineSnapshot(`
      "Merging would send 4 messages for 1 update:
        2026-11-23-checkout-fails update 2026-11-23T10:00:00Z → ops-webhook (webhook)
        2026-11-23-checkout-fails update 2026-11-23T10:00:00Z → ops-slack (slack)
        2026-11-23-checkout-fails update 2026-11-23T10:00:00Z → customers (email): 2 subscribers
      By channel: webhook 1, slack 1, email 2.
      "
    `);
    expect(withSecrets.code).toBe(0);
    const withoutSecrets = await statusmark(['forecast'], {
      cwd: root,
      env: { T_WEBHOOK_URL: 'x', T_WEBHOOK_SECRET: WEBHOOK_SECRET },
    });
    expect(withoutSecrets.stdout).toContain(
      'ops-slack (slack): not counted here; its secrets are not set in this environment.',
    );
    expect(withoutSecrets.stdout).not.toContain('customer.example');
  });
});

describe('statusmark notify', () => {
  it('starts with a watermark, sends a merged update once, and sends nothing when run again', async () => {
    const root = await repository();
    const first = await statusmark(['notify', '--now', '2026-11-23T09:00:00Z'], {
      cwd: root,
      env: env(),
    });
    expect(first.stdout).toContain('First run: notifications start now.');
    await commit(root, 'Declare', { [FILE]: INCIDENT });
    const dry = await statusmark(['notify', '--dry-run', '--now', '2026-11-23T10:01:00Z'], {
      cwd: root,
      env: env(),
    });
    expect(dry.stdout).toContain('Would send 4 messages:');
    expect(receivers.received).toHaveLength(0);
    const sent = await statusmark(['notify', '--now', '2026-11-23T10:01:00Z'], {
      cwd: root,
      env: env(),
    });
    expect(sent.stdout).toMatchInlineSnapshot(`
      "Sent 4 messages:
        2026-11-23-checkout-fails update 2026-11-23T10:00:00Z → ops-webhook (webhook)
        2026-11-23-checkout-fails update 2026-11-23T10:00:00Z → ops-slack (slack)
        2026-11-23-checkout-fails update 2026-11-23T10:00:00Z → customers (email): 2 subscribers
      "
    `);
    expect(sent.code).toBe(0);
    const again = await statusmark(['notify', '--now', '2026-11-23T10:02:00Z'], {
      cwd: root,
      env: env(),
    });
    expect(again.stdout).toBe('Sent nothing new.\n');
    expect(receivers.received).toHaveLength(2);
    expect(mailbox.mails).toHaveLength(2);
    const output = [first, dry, sent, again].map((run) => run.stdout + run.stderr).join('');
    for (const secret of ['xoxbclisecret', 'customer.example', 'cli-ledger-key', standIn.token])
      expect(output).not.toContain(secret);
  });

  it('after the process is killed mid-send, the next run knows it is gone and sends what was in flight once more', async () => {
    const root = await repository();
    await statusmark(['notify', '--now', '2026-11-23T09:00:00Z'], { cwd: root, env: env() });
    await commit(root, 'Declare', { [FILE]: INCIDENT });
    let child: ChildProcess | undefined;
    // Slack has the message; the run dies before it hears back, so nothing gets recorded.
    receivers.onRequest = (request) => {
      if (request.path === '/slack') child?.kill('SIGKILL');
    };
    const killed = await new Promise<number | null>((resolve) => {
      child = execFile(process.execPath, [BIN, 'notify', '--now', '2026-11-23T10:01:00Z'], {
        cwd: root,
        env: { ...process.env, ...env() },
      });
      child.on('exit', (_code, signal) => {
        resolve(signal === 'SIGKILL' ? -9 : _code);
      });
    });
    expect(killed).toBe(-9);
    receivers.onRequest = undefined;
    // No lease to wait out: the killed process ran on this machine, and is gone.
    const rerun = await statusmark(['notify', '--now', '2026-11-23T10:05:00Z'], {
      cwd: root,
      env: env(),
    });
    expect(rerun.stdout).toContain('ops-slack (slack)');
    expect(rerun.stdout).toMatch(/Sent again \d+: an earlier send's outcome was unknown/);
    expect(rerun.code).toBe(0);
    // Slack had it when the run died: at-least-once, it has it twice, and the run said so.
    expect(receivers.of('/slack')).toHaveLength(2);
    const ids = new Set(receivers.of('/webhook').map((request) => request.headers['webhook-id']));
    expect([...ids]).toEqual(['20261123T100000Z.20261123T100000Z.ops-webhook']);
    expect(receivers.of('/webhook').every((request) => request.verified)).toBe(true);
    const last = await statusmark(['notify', '--now', '2026-11-23T10:10:00Z'], {
      cwd: root,
      env: env(),
    });
    expect(last.stdout).toBe('Sent nothing new.\n');
  });
});

describe('two notify processes at once', () => {
  it('send every key exactly once between them', async () => {
    const root = await repository();
    await statusmark(['notify', '--now', '2026-11-23T09:00:00Z'], { cwd: root, env: env() });
    await commit(root, 'Declare', { [FILE]: INCIDENT });
    const runs = await Promise.all(
      ['a', 'b'].map((run) =>
        statusmark(['notify', '--now', '2026-11-23T10:01:00Z'], {
          cwd: root,
          env: { ...env(), GITHUB_RUN_ID: run },
        }),
      ),
    );
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    expect(receivers.of('/webhook')).toHaveLength(1);
    expect(receivers.of('/slack')).toHaveLength(1);
    expect(mailbox.mails).toHaveLength(2);
    expect(mailbox.envelopes.flat().sort()).toEqual([
      'ana@customer.example',
      'bo@customer.example',
    ]);
  });
});

describe('a run with nothing owed', () => {
  it('costs two reads and no write, however long the history (1,000 recorded events)', async () => {
    const files: Record<string, string | null> = {
      'statusmark.yml': CONFIG,
      'incidents/2026-02-20-api-errors.md': null,
    };
    const keys: string[] = [];
    for (let n = 0; n < 1000; n++) {
      const at = new Date(Date.UTC(2025, 0, 1) + n * 3_600_000).toISOString().replace('.000', '');
      files[`incidents/2025-history-${n}.md`] =
        `---\ntitle: Incident ${n}\nimpact: minor\nupdates:\n  - at: ${at}\n    status: resolved\n    message: Fixed.\n---\n`;
      const compact = at.replace(/[-:]/g, '');
      keys.push(`${compact}.${compact}`);
    }
    const root = await makeRepo(repoFiles(files));
    standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
    standIn.addBranch('statusmark-ledger', git(root, 'rev-parse', 'HEAD'), {
      'ledger/watermark.json': '{"since":"2024-12-31T00:00:00.000Z"}\n',
      'ledger/settled.json': `${JSON.stringify({ events: keys })}\n`,
    });
    const before = standIn.requests.length;
    const started = performance.now();
    const result = await statusmark(['notify', '--now', '2026-11-23T10:00:00Z'], {
      cwd: root,
      env: env(),
    });
    const seconds = (performance.now() - started) / 1000;
    expect(result.stdout).toBe('Sent nothing new.\n');
    expect(result.code).toBe(0);
    const requests = standIn.requests.slice(before);
    expect(requests.map((request) => decodeURIComponent(request.replace(/\?.*$/, '')))).toEqual([
      'GET /repos/tidewater/status/contents/ledger/watermark.json',
      'GET /repos/tidewater/status/contents/ledger/settled.json',
    ]);
    console.log(
      `nothing owed, 1,000 recorded events: ${requests.length} requests, ${seconds.toFixed(2)} s`,
    );
  });
});

describe('notify tells the truth about GitHub', () => {
  it('a dry run writes nothing anywhere, not even the ledger branch', async () => {
    const root = await repository();
    const dry = await statusmark(['notify', '--dry-run', '--now', '2026-11-23T09:00:00Z'], {
      cwd: root,
      env: env(),
    });
    expect(dry.stdout).toBe(
      'Notifications have not started: the first notify run records the start and sends nothing.\n',
    );
    expect(dry.code).toBe(0);
    expect(standIn.requests.filter((request) => !request.startsWith('GET '))).toEqual([]);
    expect(standIn.branches.has('statusmark-ledger')).toBe(false);
  });

  it('says it could not reach GitHub when nothing answers, in one sentence and no stack', async () => {
    const root = await repository();
    const down = await startReceivers();
    const closed = down.url;
    await down.stop();
    const result = await statusmark(['notify', '--now', '2026-11-23T09:00:00Z'], {
      cwd: root,
      env: { ...env(), GITHUB_API_URL: closed },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Could not reach GitHub at 127\.0\.0\.1:\d+ while reading ledger\/watermark\.json at statusmark-ledger \(ECONNREFUSED\)\. Check the network and GITHUB_API_URL, then run again\.\n$/,
    );
    expect(result.stdout).not.toMatch(/^\s+at /m);
  });

  it('leaves a 409 to the compare-and-swap: the HTTP layer never repeats the write', async () => {
    const root = await repository();
    await statusmark(['notify', '--now', '2026-11-23T09:00:00Z'], { cwd: root, env: env() });
    await commit(root, 'Declare', { [FILE]: INCIDENT });
    standIn.fail({ method: 'PUT', path: /\/contents\//, status: 409, times: 2 });
    const before = standIn.requests.length;
    const sent = await statusmark(['notify', '--now', '2026-11-23T10:01:00Z'], {
      cwd: root,
      env: env(),
    });
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('Sent 4 messages');
    const calls = standIn.requests.slice(before);
    // Each 409 costs one read and one write more, not Octokit's three retries with waits.
    const puts = calls.filter((request) => request.startsWith('PUT ')).length;
    const gets = calls.filter((request) => request.startsWith('GET ')).length;
    expect(puts - gets).toBeLessThanOrEqual(0);
    expect(receivers.received).toHaveLength(2);
    expect(mailbox.mails).toHaveLength(2);
  });
});
