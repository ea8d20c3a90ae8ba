import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticSite } from '../../scripts/static-server.ts';
import { buildSite, builtFiles, type BuildResult } from '../helpers/build-site.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { statusmark } from '../helpers/cli.ts';
import { makeRepo, repoFiles, SITE_CONFIG } from '../helpers/content-repo.ts';
import { commit, git } from '../helpers/git.ts';
import { startGitHubStandIn, type StandIn } from '../helpers/github-stand-in.ts';
import {
  configWithService,
  notifyEnv,
  startMailApi,
  startService,
  type MailApi,
  type Service,
} from '../helpers/subscription-service.ts';

/**
 * A visitor subscribes themselves, end to end, with JavaScript off: the built site's form in
 * Chromium posts to the subscription service (the real Worker under workerd, on loopback), the
 * confirmation mail arrives through the email API stand-in, and `statusmark notify` then sends
 * them exactly the updates of the component they chose, until the one-click unsubscribe of the
 * mail's header, after which it sends them nothing. A webhook takes the same path with its
 * challenge. Nothing of either reaches the site, the output or the ledger.
 */

const VISITOR = 'visitor@customer.example';
const COMPONENTS = [
  { id: 'api', name: 'API' },
  { id: 'dashboard', name: 'Dashboard' },
  { id: 'email', name: 'Email' },
];

let browser: Browser;
let context: BrowserContext;
let mailApi: MailApi;
let service: Service;
let standIn: StandIn;
let build: BuildResult;
let site: StaticSite;
let root: string;
let receiver: Server;
let removeRepo: () => Promise<void> = () => Promise.resolve();
let hookUrl = '';
let hookSecret = '';
const hookDeliveries: Record<string, unknown>[] = [];

function incident(id: string, component: string, updates: readonly [string, string, string][]) {
  return {
    [`incidents/${id}.md`]: `---
title: ${component === 'api' ? 'API errors' : 'Dashboard is slow'}
impact: minor
components:
  ${component}: degraded_performance
updates:
${updates.map(([at, status, message]) => `  - at: ${at}\n    status: ${status}\n    message: ${message}\n`).join('')}---
`,
  };
}

/** The dashboard incident's timeline, one more update published at each step. */
const DASHBOARD: readonly [string, string, string][] = [
  ['2026-11-23T10:00:00Z', 'investigating', 'Dashboard pages load slowly.'],
  ['2026-11-23T10:20:00Z', 'identified', 'A slow query; a fix is rolling out.'],
  ['2026-11-23T10:40:00Z', 'monitoring', 'The fix is out; we are watching.'],
  ['2026-11-23T11:00:00Z', 'resolved', 'Pages load as fast as before.'],
];
const dashboard = (published: number) =>
  incident('2026-11-23-dashboard-slow', 'dashboard', DASHBOARD.slice(0, published));

const notify = (now: string) =>
  statusmark(['notify', '--now', now], { cwd: root, env: notifyEnv(standIn) });
const mailsToVisitor = () => mailApi.mails.filter((mail) => mail.to.includes(VISITOR));

beforeAll(async () => {
  mailApi = await startMailApi();
  service = await startService({ mailApi, port: 0, components: COMPONENTS });
  standIn = await startGitHubStandIn();
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = new Webhook(hookSecret).verify(
          Buffer.concat(chunks).toString('utf8'),
          request.headers as Record<string, string>,
        ) as Record<string, unknown>;
      } catch {
        response.writeHead(401);
        response.end();
        return;
      }
      if (body.type === 'subscription.challenge') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ challenge: body.challenge }));
        return;
      }
      hookDeliveries.push(body);
      response.writeHead(204);
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${String((receiver.address() as AddressInfo).port)}/status-hook`;

  root = await makeRepo(
    repoFiles({
      'statusmark.yml': configWithService(SITE_CONFIG, service, mailApi),
    }),
    (remove) => {
      removeRepo = remove;
    },
  );
  standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
  build = await buildSite(root, '2026-11-23T09:00:00Z');
  if (build.code !== 0) throw new Error(build.output);
  site = await serveStatic(build.outDir);
  browser = await launchChromium();
  // A visitor without JavaScript: the forms are plain HTML all the way.
  context = await browser.newContext({ javaScriptEnabled: false });
}, 120_000);
afterAll(async () => {
  await browser.close();
  await site.close();
  await build.cleanup();
  await service.dispose();
  await mailApi.stop();
  await standIn.close();
  await new Promise((resolve) => receiver.close(resolve));
  await removeRepo();
});

describe('self-service subscriptions, end to end', () => {
  it('subscribes from the form, confirms from the mail, gets only the chosen component, and unsubscribes in one click', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}subscribe/`);
    const form = page.locator('form:has(#subscribe-email)');
    await form.locator('#subscribe-email').fill(VISITOR);
    await form.locator('input[value="dashboard"]').check();
    await form.getByRole('button', { name: 'Subscribe' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check your inbox');
    expect(page.url()).toBe(`${service.url}subscribe`);
    expect(await page.getByRole('link', { name: 'Back to Acme Status' }).count()).toBe(1);

    const confirmation = await mailApi.mailTo(VISITOR);
    const link = /https?:\/\/\S+\/confirm\?token=[\w.-]+/.exec(confirmation.text)?.[0] ?? '';
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm the subscription' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You are subscribed');

    expect((await notify('2026-11-23T09:30:00Z')).stdout).toContain('First run');
    await commit(root, 'Two incidents', {
      ...dashboard(1),
      ...incident('2026-11-23-api-errors', 'api', [
        ['2026-11-23T10:05:00Z', 'investigating', 'Some API requests fail.'],
      ]),
    });
    mailApi.mails.length = 0;
    const sent = await notify('2026-11-23T10:10:00Z');
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(mailsToVisitor().map((mail) => mail.subject)).toEqual([
      '[Example Status] [Investigating] Dashboard is slow',
    ]);

    // The mail client's one-click unsubscribe (RFC 8058), from the mail's own headers.
    const [mail] = mailsToVisitor();
    expect(mail?.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = /^<(.+)>$/.exec(mail?.headers?.['List-Unsubscribe'] ?? '')?.[1] ?? '';
    const oneClick = await fetch(unsubscribe, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    await commit(root, 'Identified', dashboard(2));
    mailApi.mails.length = 0;
    const after = await notify('2026-11-23T10:21:00Z');
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(mailsToVisitor()).toEqual([]);
  });

  it('registers a webhook from the form, verifies it by its challenge, delivers signed updates, and removes it', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}subscribe/`);
    const form = page.locator('form:has(#subscribe-webhook)');
    await form.locator('#subscribe-webhook').fill(hookUrl);
    await form.locator('input[value="dashboard"]').check();
    await form.getByRole('button', { name: 'Register the webhook' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Verify your webhook');
    hookSecret = (await page.locator('code').first().textContent()) ?? '';
    expect(hookSecret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Send the challenge' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your webhook is subscribed');
    const manage = await page
      .getByRole('link', { name: 'manage the subscription' })
      .getAttribute('href');

    await commit(root, 'Monitoring', dashboard(3));
    const sent = await notify('2026-11-23T10:41:00Z');
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(hookDeliveries.map((body) => (body.incident as { status: string }).status)).toEqual([
      'monitoring',
    ]);

    await page.goto(manage ?? '');
    await page.getByRole('button', { name: 'Unsubscribe and delete my data' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('You are unsubscribed');
    await commit(root, 'Resolved', dashboard(4));
    await notify('2026-11-23T11:01:00Z');
    expect(hookDeliveries).toHaveLength(1);
  });

  it('keeps every address and webhook URL out of the site, the logs and the ledger', async () => {
    const outputs = await Promise.all(
      (await builtFiles(build.outDir)).map((file) =>
        readFile(path.join(build.outDir, file), 'latin1'),
      ),
    );
    const ledger = [...(standIn.branches.get('statusmark-ledger')?.files.values() ?? [])];
    for (const text of [...outputs, ...ledger, service.logs.join('')]) {
      expect(text).not.toContain(VISITOR);
      expect(text).not.toContain('/status-hook');
    }
  });
});
