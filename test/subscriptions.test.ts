import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  onTestFinished,
} from 'vitest';
import { randomId, signToken } from '../src/subscriptions/tokens.ts';
import {
  SERVICE_SECRETS,
  startMailApi,
  startService,
  type Mail,
  type MailApi,
  type Service,
} from './helpers/subscription-service.ts';

/**
 * The subscription service in the real workerd runtime (Miniflare), with a local D1 database
 * and a loopback stand-in of the email API: what a visitor does from the form to the mail, and
 * what notify reads back.
 */

const SERVICE = 'https://subscribe.acme.example';
let mailApi: MailApi;
let service: Service;

beforeAll(async () => {
  mailApi = await startMailApi();
});
afterAll(() => mailApi.stop());
beforeEach(async () => {
  // One runtime per test: each starts with an empty database.
  mailApi.mails.length = 0;
  service = await startService({ mailApi });
});
afterEach(() => service.dispose());

function post(pathname: string, form: Record<string, string | string[]>, ip = '203.0.113.7') {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  return service.mf.dispatchFetch(new URL(pathname, SERVICE).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ip },
    body: body.toString(),
  });
}

function linkIn(text: string, kind: 'confirm' | 'unsubscribe' | 'manage'): string {
  const match = new RegExp(
    `https://subscribe\\.acme\\.example/${kind}\\?token=[A-Za-z0-9._-]+`,
  ).exec(text);
  if (!match) throw new Error(`no ${kind} link`);
  return match[0];
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';

/** The value of the hidden token field of the form posting to `action`. */
function formToken(html: string, action: string): string {
  const match = new RegExp(
    `action="${SERVICE}/${action}"><input type="hidden" name="token" value="([^"]+)"`,
  ).exec(html);
  if (!match?.[1]) throw new Error(`no form posting to ${action}`);
  return match[1];
}

interface Listed {
  id: string;
  kind: string;
  address: string;
  components: string[] | null;
  secret?: string;
  unsubscribe_url: string;
  manage_url: string;
}

async function listed(query: Record<string, string> = {}) {
  const url = new URL(`${SERVICE}/v1/subscribers`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const response = await service.mf.dispatchFetch(url.href, {
    headers: { Authorization: `Bearer ${SERVICE_SECRETS.API_TOKEN}` },
  });
  return (await response.json()) as { subscribers: Listed[]; next_cursor: string | null };
}

async function subscribed(email: string, components: string[] = []): Promise<Mail> {
  await post('/subscribe', { email, 'components[]': components }, `198.51.100.${randomIp()}`);
  const mail = await mailApi.mailTo(email);
  await post('/confirm', { token: tokenOf(linkIn(mail.text, 'confirm')) });
  return mail;
}
let ip = 10;
const randomIp = () => String(ip++ % 250);

describe('the subscription service under workerd', () => {
  it('subscribes by double opt-in, per component, and unsubscribes in one click', async () => {
    const form = await post('/subscribe', {
      email: 'Ana@Customer.example',
      'components[]': ['api'],
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Check your inbox');
    const confirmation = await mailApi.mailTo('ana@customer.example');
    expect(confirmation.subject).toBe('Confirm your subscription to Acme Status');
    // Nothing is listed for notify until the owner confirms.
    expect((await listed()).subscribers).toEqual([]);

    const link = linkIn(confirmation.text, 'confirm');
    const page = await service.mf.dispatchFetch(link);
    expect(page.status).toBe(200);
    // Opening the link (a mail scanner does) confirms nothing: the page's button does.
    expect((await listed()).subscribers).toEqual([]);
    const confirmed = await post('/confirm', { token: formToken(await page.text(), 'confirm') });
    expect(await confirmed.text()).toContain('You are subscribed');
    expect(
      (await listed({ component: 'api' })).subscribers.map((s) => [s.address, s.components]),
    ).toEqual([['ana@customer.example', ['api']]]);
    expect((await listed({ component: 'website' })).subscribers).toEqual([]);
    // A confirmation link works once.
    expect((await post('/confirm', { token: tokenOf(link) })).status).toBe(400);

    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's URL.
    const [subscriber] = (await listed()).subscribers;
    const oneClick = await service.mf.dispatchFetch(subscriber?.unsubscribe_url ?? '', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await listed()).subscribers).toEqual([]);
  });

  it('answers the same, as fast, for a known and an unknown address, and mails only the owner', async () => {
    await subscribed('bo@customer.example');
    mailApi.mails.length = 0;
    // A slow email API: an answer that waited for the mail would take a second longer.
    mailApi.setLatency(1000);
    onTestFinished(() => {
      mailApi.setLatency(0);
    });
    const timed = async (email: string, from: string) => {
      const start = performance.now();
      const response = await post('/subscribe', { email }, from);
      return {
        status: response.status,
        text: await response.text(),
        ms: performance.now() - start,
      };
    };
    const known = await timed('bo@customer.example', '198.51.100.1');
    const unknown = await timed('cy@customer.example', '198.51.100.2');
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(known.text).toBe(unknown.text);
    // Both answered before any mail left: the timing tells nothing about the address.
    expect(mailApi.mails).toEqual([]);
    expect(Math.max(known.ms, unknown.ms)).toBeLessThan(1000);
    expect((await mailApi.mailTo('bo@customer.example')).subject).toBe(
      'You already follow Acme Status',
    );
    expect((await mailApi.mailTo('cy@customer.example')).subject).toBe(
      'Confirm your subscription to Acme Status',
    );
  });

  it('refuses forged, expired and reused links, limits requests, and logs no address', async () => {
    const forged = await service.mf.dispatchFetch(`${SERVICE}/confirm?token=forged.token`);
    expect(forged.status).toBe(400);
    // A link signed with the service's secret, but past its time.
    const expired = await signToken(SERVICE_SECRETS.TOKEN_SECRET, {
      purpose: 'confirm',
      subject: 'sub_x',
      expires: Date.now() - 1000,
      nonce: randomId(),
    });
    expect((await post('/confirm', { token: expired })).status).toBe(400);
    // An unsubscribe link is no manage link, and the other way round.
    const mail = await subscribed('eve@customer.example');
    const [eve] = (await listed()).subscribers;
    expect((await post('/manage', { token: tokenOf(eve?.unsubscribe_url ?? '') })).status).toBe(
      400,
    );
    expect((await post('/confirm', { token: tokenOf(linkIn(mail.text, 'confirm')) })).status).toBe(
      400,
    );

    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      statuses.push((await post('/subscribe', { email: 'dee@customer.example' })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // Another address from the same network is counted per client: 20 an hour.
    const fromOneClient: number[] = [];
    for (let attempt = 0; attempt < 18; attempt++) {
      fromOneClient.push(
        (await post('/subscribe', { email: `x${String(attempt)}@customer.example` })).status,
      );
    }
    expect(fromOneClient.filter((status) => status === 429).length).toBe(3);
    expect((await service.mf.dispatchFetch(`${SERVICE}/v1/subscribers`)).status).toBe(401);
    const opened = await service.mf.dispatchFetch(`${SERVICE}/`, { redirect: 'manual' });
    expect([opened.status, opened.headers.get('location')]).toEqual([
      303,
      'https://status.acme.example/subscribe/',
    ]);
    expect(service.logs.join('')).not.toMatch(/customer\.example/);
  });

  it('lets a subscriber change components, download their data, and delete it', async () => {
    const mail = await subscribed('fay@customer.example', ['api']);
    const [fay] = (await listed()).subscribers;
    const manage = await service.mf.dispatchFetch(fay?.manage_url ?? '');
    const html = await manage.text();
    expect(manage.status).toBe(200);
    expect(html).toContain('f…@customer.example');
    expect(html).not.toContain('fay@customer.example');
    expect(html).toMatch(/value="api" checked/);

    const saved = await post('/manage', {
      token: tokenOf(fay?.manage_url ?? ''),
      'components[]': ['website'],
    });
    expect(await saved.text()).toContain('Saved.');
    expect((await listed({ component: 'website' })).subscribers.map((s) => s.address)).toEqual([
      'fay@customer.example',
    ]);
    expect((await listed({ component: 'api' })).subscribers).toEqual([]);

    const exported = await post('/manage/export', { token: tokenOf(fay?.manage_url ?? '') });
    expect(exported.headers.get('content-disposition')).toBe(
      'attachment; filename="subscription.json"',
    );
    const data = (await exported.json()) as { subscription: Record<string, unknown> };
    expect(data.subscription).toMatchObject({
      kind: 'email',
      address: 'fay@customer.example',
      components: ['website'],
      status: 'confirmed',
    });

    const deleted = await post('/unsubscribe', { token: formToken(html, 'unsubscribe') });
    expect(await deleted.text()).toContain('deleted');
    expect((await listed()).subscribers).toEqual([]);
    expect((await post('/manage/export', { token: tokenOf(fay?.manage_url ?? '') })).status).toBe(
      400,
    );
    expect(mail.to).toEqual(['fay@customer.example']);
  });

  it('pages confirmed subscribers for notify, by kind', async () => {
    for (const name of ['gus', 'hal', 'ida']) await subscribed(`${name}@customer.example`);
    const first = await listed({ limit: '2', kind: 'email' });
    expect(first.subscribers).toHaveLength(2);
    const second = await listed({ limit: '2', kind: 'email', cursor: first.next_cursor ?? '' });
    expect(second).toMatchObject({ next_cursor: null });
    expect([...first.subscribers, ...second.subscribers].map((s) => s.address).sort()).toEqual([
      'gus@customer.example',
      'hal@customer.example',
      'ida@customer.example',
    ]);
    expect((await listed({ kind: 'webhook' })).subscribers).toEqual([]);
  });
});

describe('webhook subscriptions', () => {
  let receiver: Server;
  let base = '';
  let secret = '';
  const challenges: { path: string; verified: boolean }[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        let verified: boolean;
        try {
          new Webhook(secret).verify(body, request.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        challenges.push({ path: request.url ?? '', verified });
        const { challenge } = JSON.parse(body) as { challenge: string };
        if (request.url === '/echo') {
          response.writeHead(200, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify({ challenge }));
        } else if (request.url === '/redirect') {
          response.writeHead(302, { Location: `${base}/echo` });
          response.end();
        } else {
          response.writeHead(200);
          response.end('ok');
        }
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((receiver.address() as AddressInfo).port)}`;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  async function register(url: string, components: string[] = []) {
    const page = await post('/subscribe', { webhook_url: url, 'components[]': components });
    const html = await page.text();
    secret = /<code>(whsec_[A-Za-z0-9+/=]+)<\/code>/.exec(html)?.[1] ?? '';
    return {
      status: page.status,
      html,
      token: page.status === 200 ? formToken(html, 'webhooks/verify') : '',
    };
  }

  it('confirms a receiver that answers the signed challenge, and removes it on request', async () => {
    const registration = await register(`${base}/echo`, ['api']);
    expect(registration.status).toBe(200);
    expect(secret).toMatch(/^whsec_/);
    // Registered is not subscribed: nothing is listed before the challenge is answered.
    expect((await listed()).subscribers).toEqual([]);
    const verified = await post('/webhooks/verify', { token: registration.token });
    const html = await verified.text();
    expect(html).toContain('Your webhook is subscribed');
    expect(challenges.at(-1)).toEqual({ path: '/echo', verified: true });
    const [hook] = (await listed({ kind: 'webhook' })).subscribers;
    expect(hook).toMatchObject({ address: `${base}/echo`, components: ['api'], secret });
    // The registration is used up.
    expect((await post('/webhooks/verify', { token: registration.token })).status).toBe(400);

    const manageLink = /href="([^"]+\/manage\?token=[^"]+)"/.exec(html)?.[1] ?? '';
    const manage = await (
      await service.mf.dispatchFetch(manageLink.replaceAll('&amp;', '&'))
    ).text();
    expect(manage).toContain('a webhook at 127.0.0.1');
    await post('/unsubscribe', { token: formToken(manage, 'unsubscribe') });
    expect((await listed()).subscribers).toEqual([]);
  });

  it('refuses receivers that do not answer the challenge or redirect, and URLs that are not http', async () => {
    challenges.length = 0;
    for (const path of ['/wrong', '/redirect']) {
      const { token } = await register(`${base}${path}`);
      const answer = await (await post('/webhooks/verify', { token })).text();
      expect(answer).toContain('The challenge was not answered');
    }
    expect(challenges.map((c) => c.path)).not.toContain('/echo');
    expect((await listed()).subscribers).toEqual([]);
    for (const url of ['javascript:alert(1)', 'ftp://files.example/', 'not a url']) {
      expect((await register(url)).status).toBe(400);
    }
  });

  it('gives a known URL a new secret only once its receiver answers', async () => {
    await post('/webhooks/verify', { token: (await register(`${base}/echo`)).token });
    const first = secret;
    // Someone registers the same URL again: the subscriber keeps its secret until answered.
    const again = await register(`${base}/echo`, ['website']);
    expect((await listed()).subscribers[0]?.secret).toBe(first);
    await post('/webhooks/verify', { token: again.token });
    const [hook] = (await listed()).subscribers;
    expect(hook?.secret).toBe(secret);
    expect(hook?.components).toEqual(['website']);
    expect((await listed()).subscribers).toHaveLength(1);
  });
});

describe('Turnstile', () => {
  it('is required when configured, and checked with the siteverify endpoint', async () => {
    const verify = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(
          JSON.stringify({
            success: form.get('secret') === 'turnstile-secret' && form.get('response') === 'passed',
          }),
        );
      });
    });
    await new Promise<void>((resolve) => verify.listen(0, '127.0.0.1', resolve));
    await service.dispose();
    service = await startService({
      mailApi,
      bindings: {
        TURNSTILE_SECRET: 'turnstile-secret',
        TURNSTILE_VERIFY_URL: `http://127.0.0.1:${String((verify.address() as AddressInfo).port)}/`,
      },
    });
    expect((await post('/subscribe', { email: 'jo@customer.example' })).status).toBe(400);
    const failed = await post('/subscribe', {
      email: 'jo@customer.example',
      'cf-turnstile-response': 'failed',
    });
    expect(failed.status).toBe(400);
    const passed = await post('/subscribe', {
      email: 'jo@customer.example',
      'cf-turnstile-response': 'passed',
    });
    expect(passed.status).toBe(200);
    expect((await mailApi.mailTo('jo@customer.example')).subject).toContain('Confirm');
    expect(mailApi.mails).toHaveLength(1);
    await new Promise((resolve) => verify.close(resolve));
  });
});
