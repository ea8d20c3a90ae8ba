import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusmark } from './helpers/cli.ts';
import { makeRepo, repoFiles, SITE_CONFIG } from './helpers/content-repo.ts';
import { commit, git } from './helpers/git.ts';
import { startGitHubStandIn, type StandIn } from './helpers/github-stand-in.ts';
import { startMailbox } from './helpers/receivers.ts';
import {
  configWithService,
  notifyEnv,
  startMailApi,
  startService,
  subscribeByMail,
  subscribeWebhook,
  type MailApi,
  type Service,
} from './helpers/subscription-service.ts';

/**
 * `statusmark notify` with the subscription service: the real Worker under workerd on a
 * loopback port, the email API stand-in, and the GitHub stand-in for the ledger. Visitors who
 * subscribed themselves get exactly the updates of the components they chose, through the
 * email API in batches, with a one-click unsubscribe that works; and nothing of theirs reaches
 * the output or the ledger.
 */

const COMPONENTS = [
  { id: 'api', name: 'API' },
  { id: 'dashboard', name: 'Dashboard' },
  { id: 'email', name: 'Email' },
];

function incident(updates: string): string {
  return `---
title: Dashboard is slow
impact: minor
components:
  dashboard: degraded_performance
updates:
${updates}---
`;
}
const FIRST = `  - at: 2026-11-23T10:00:00Z
    status: investigating
    message: Pages of the dashboard load slowly.
`;
const SECOND = `${FIRST}  - at: 2026-11-23T10:30:00Z
    status: identified
    message: A slow database query; a fix is rolling out.
`;
const FILE = 'incidents/2026-11-23-dashboard-slow.md';

let standIn: StandIn;
let mailApi: MailApi;
let service: Service;

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  mailApi = await startMailApi();
  service = await startService({ mailApi, port: 0, components: COMPONENTS });
});
afterEach(async () => {
  await service.dispose();
  await mailApi.stop();
  await standIn.close();
});

function config(): string {
  return configWithService(SITE_CONFIG, service, mailApi, { teamList: true });
}

function env(): NodeJS.ProcessEnv {
  // The team's own list, read beside the service; an address in both is mailed once.
  return { ...notifyEnv(standIn), T_SUBSCRIBERS: 'team@customer.example\nbo@customer.example' };
}

async function notify(root: string, now: string) {
  return statusmark(['notify', '--now', now], { cwd: root, env: env() });
}

describe('notify with the subscription service', () => {
  it('sends each confirmed subscriber the updates of their components, and nothing after one-click unsubscribe', async () => {
    await subscribeByMail(service, mailApi, 'ana@customer.example', ['api']);
    await subscribeByMail(service, mailApi, 'bo@customer.example', ['dashboard']);
    await subscribeByMail(service, mailApi, 'cy@customer.example');
    // Asked, never confirmed: nothing is ever sent to it.
    await service.mf.dispatchFetch(new URL('subscribe', service.url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=dee%40customer.example',
    });
    await mailApi.mailTo('dee@customer.example');
    const hook = await subscribeWebhook(service, ['dashboard']);
    const apiHook = await subscribeWebhook(service, ['api']);
    mailApi.mails.length = 0;

    const root = await makeRepo(repoFiles({ 'statusmark.yml': config() }));
    standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
    expect((await notify(root, '2026-11-23T09:00:00Z')).stdout).toContain('First run');
    await commit(root, 'Declare', { [FILE]: incident(FIRST) });
    const run = await notify(root, '2026-11-23T10:01:00Z');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "Sent 4 messages:
        2026-11-23-dashboard-slow update 2026-11-23T10:00:00Z → subscribers (email): 3 subscribers
        2026-11-23-dashboard-slow update 2026-11-23T10:00:00Z → subscriber-webhooks (webhook)
      "
    `);
    expect(mailApi.mails.map((mail) => mail.to[0]).sort()).toEqual([
      'bo@customer.example',
      'cy@customer.example',
      'team@customer.example',
    ]);
    // One batch request carried them all.
    expect(mailApi.requests.get('/emails/batch')).toBe(1);
    expect(mailApi.requestHeaders.at(-1)?.['idempotency-key']).toMatch(
      /^statusmark\/[0-9a-f]{64}$/,
    );
    expect(hook.deliveries).toHaveLength(1);
    expect(hook.forged).toBe(0);
    expect(apiHook.deliveries).toHaveLength(0);
    expect(hook.deliveries[0]).toMatchObject({
      incident: { id: '2026-11-23-dashboard-slow', status: 'investigating' },
    });

    // The service's subscribers get a one-click link signed for them; the team's list the page.
    // bo is on the team's list as well: the team's list decides, and bo gets one mail.
    const team = mailApi.mails.find((mail) => mail.to[0] === 'team@customer.example');
    expect(team?.headers?.['List-Unsubscribe']).toBe('<https://status.example.com/subscribe/>');
    expect(team?.headers?.['List-Unsubscribe-Post']).toBeUndefined();
    const cy = mailApi.mails.find((mail) => mail.to[0] === 'cy@customer.example');
    expect(cy?.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const oneClick = /^<(.+)>$/.exec(cy?.headers?.['List-Unsubscribe'] ?? '')?.[1] ?? '';
    expect(oneClick).toContain(`${service.url}unsubscribe?token=`);
    const answer = await fetch(oneClick, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(answer.status).toBe(200);
    expect(cy?.text).toContain('Choose components or download your data: ');

    mailApi.mails.length = 0;
    await commit(root, 'Identified', { [FILE]: incident(SECOND) });
    const next = await notify(root, '2026-11-23T10:31:00Z');
    expect(mailApi.mails.map((mail) => mail.to[0]).sort()).toEqual([
      'bo@customer.example',
      'team@customer.example',
    ]);
    expect(hook.deliveries).toHaveLength(2);
    // Replies in the incident's thread.
    expect(mailApi.mails[0]?.headers?.['In-Reply-To']).toMatch(/^<.+@status\.example\.com>$/);

    // Nothing of any subscriber in what notify printed or what the ledger holds.
    const ledger = [...(standIn.branches.get('statusmark-ledger')?.files.values() ?? [])].join(
      '\n',
    );
    for (const text of [run.stdout, run.stderr, next.stdout, next.stderr, ledger]) {
      expect(text).not.toMatch(/customer\.example|127\.0\.0\.1:\d+\/hook|whsec_/);
    }
    await hook.stop();
    await apiHook.stop();
  });

  it('keeps the messages owed while the service cannot be read, and sends them once it can', async () => {
    await subscribeByMail(service, mailApi, 'eve@customer.example');
    mailApi.mails.length = 0;
    const root = await makeRepo(repoFiles({ 'statusmark.yml': config() }));
    standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
    await notify(root, '2026-11-23T09:00:00Z');
    await commit(root, 'Declare', { [FILE]: incident(FIRST) });
    const down = await statusmark(['notify', '--now', '2026-11-23T10:01:00Z'], {
      cwd: root,
      env: { ...env(), T_SERVICE_TOKEN: 'a-wrong-token' },
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(
      'subscribers (email) was not notified: The subscription service refused the API token: set the same value as its API_TOKEN secret. Its messages are sent on a later run.',
    );
    expect(mailApi.mails).toEqual([]);
    const settled = standIn.branches.get('statusmark-ledger')?.files.get('ledger/settled.json');
    expect(settled ?? '{"events":[]}').not.toContain('dashboard-slow');

    const up = await notify(root, '2026-11-23T10:05:00Z');
    expect(up.code).toBe(0);
    expect(mailApi.mails.map((mail) => mail.to[0]).sort()).toEqual([
      'bo@customer.example',
      'eve@customer.example',
      'team@customer.example',
    ]);
  });

  it('gives subscribers of the service their one-click link over SMTP too', async () => {
    await subscribeByMail(service, mailApi, 'fay@customer.example');
    const mailbox = await startMailbox();
    const smtpConfig = configWithService(SITE_CONFIG, service, mailApi).replace(
      `      email_api_env: T_EMAIL_API_KEY\n      email_api_url: ${mailApi.url}\n`,
      '      smtp_env: T_SMTP_URL\n',
    );
    const root = await makeRepo(repoFiles({ 'statusmark.yml': smtpConfig }));
    standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
    const smtpEnv = { ...notifyEnv(standIn), T_SMTP_URL: `smtp://127.0.0.1:${mailbox.port}` };
    await statusmark(['notify', '--now', '2026-11-23T09:00:00Z'], { cwd: root, env: smtpEnv });
    await commit(root, 'Declare', { [FILE]: incident(FIRST) });
    const run = await statusmark(['notify', '--now', '2026-11-23T10:01:00Z'], {
      cwd: root,
      env: smtpEnv,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const [mail] = mailbox.mails;
    const line = (key: string) => mail?.headerLines.find((header) => header.key === key)?.line;
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(line('list-unsubscribe')).toContain(`<${service.url}unsubscribe?token=`);
    expect(mail?.text).toContain('Choose components or download your data: ');
  });
});
