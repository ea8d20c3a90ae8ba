import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomId, signToken } from '../src/subscriptions/tokens.ts';

/**
 * The subscription service in the real workerd runtime (Miniflare), with a local D1 database
 * and a loopback stand-in of the email API: what a visitor does from the form to the mail, and
 * what notify reads back.
 */

const SOURCE = path.resolve(import.meta.dirname, '../src/subscriptions/worker.ts');
const MIGRATION = path.resolve(
  import.meta.dirname,
  '../src/subscriptions/migrations/0001_subscribers.sql',
);
const API_TOKEN = 'notify-reads-with-this-token';
const SECRET = 'a-secret-only-the-worker-knows';

interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

let folder: string;
let script: string;
let bundled = '';
let mailApi: Server;
let mailUrl: string;
const mails: Mail[] = [];
let mf: Miniflare;
let started = false;

/** The part of Miniflare's D1 binding the setup uses. */
interface LocalD1 {
  prepare(sql: string): unknown;
  batch(statements: unknown[]): Promise<unknown>;
}
const logs: string[] = [];

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'statusmark-worker-'));
  script = path.join(folder, 'worker.js');
  await build({
    entryPoints: [SOURCE],
    bundle: true,
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
  });
  bundled = await readFile(script, 'utf8');
  mailApi = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const parsed = JSON.parse(body) as Mail | Mail[];
      mails.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"id":"stand-in"}');
    });
  });
  await new Promise<void>((resolve) => mailApi.listen(0, '127.0.0.1', resolve));
  const address = mailApi.address();
  mailUrl =
    typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => mailApi.close(resolve));
  await rm(folder, { recursive: true, force: true });
});

beforeEach(async () => {
  // One runtime per test: each starts with an empty database.
  if (started) await mf.dispose();
  started = true;
  mails.length = 0;
  logs.length = 0;
  mf = new Miniflare({
    modules: true,
    script: bundled,
    compatibilityDate: '2026-08-01',
    d1Databases: ['DB'],
    bindings: {
      TOKEN_SECRET: SECRET,
      API_TOKEN,
      EMAIL_API_KEY: 're_test_key',
      EMAIL_API_URL: mailUrl,
      MAIL_FROM: 'Acme Status <status@acme.example>',
      SITE_URL: 'https://status.acme.example/',
      SITE_NAME: 'Acme Status',
      SERVICE_URL: 'https://subscribe.acme.example/',
      COMPONENTS: JSON.stringify([
        { id: 'api', name: 'API' },
        { id: 'website', name: 'Website' },
      ]),
    },
    handleRuntimeStdio: (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => {
      stdout.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
      stderr.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    },
  });
  const db = (await mf.getD1Database('DB')) as unknown as LocalD1;
  const statements = (await readFile(MIGRATION, 'utf8'))
    .replace(/--.*$/gm, '')
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
  await db.batch(statements.map((statement) => db.prepare(statement)));
});
afterAll(() => mf.dispose());

const SERVICE = 'https://subscribe.acme.example';

function post(pathname: string, form: Record<string, string | string[]>, ip = '203.0.113.7') {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  }
  return mf.dispatchFetch(`${SERVICE}${pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ip },
    body: body.toString(),
  });
}

async function mailFor(address: string): Promise<Mail> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const mail = mails.find((candidate) => candidate.to.includes(address));
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no mail for ${address}`);
}

function linkIn(mail: Mail, kind: 'confirm' | 'unsubscribe'): string {
  const match = new RegExp(
    `https://subscribe\\.acme\\.example/${kind}\\?token=[A-Za-z0-9._-]+`,
  ).exec(mail.text);
  if (!match) throw new Error(`no ${kind} link`);
  return match[0];
}

async function listed(component?: string) {
  const url = new URL(`${SERVICE}/v1/subscribers`);
  if (component) url.searchParams.set('component', component);
  const response = await mf.dispatchFetch(url.href, {
    headers: { Authorization: `Bearer ${API_TOKEN}` },
  });
  return (await response.json()) as {
    subscribers: { address: string; components: string[] | null; unsubscribe_url: string }[];
  };
}

describe('the subscription service under workerd', () => {
  it('subscribes by double opt-in, per component, and unsubscribes in one click', async () => {
    const form = await post('/subscribe', {
      email: 'Ana@Customer.example',
      'components[]': ['api'],
    });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Check your inbox');
    const confirmation = await mailFor('ana@customer.example');
    expect(confirmation.subject).toBe('Confirm your subscription to Acme Status');
    // Nothing is listed for notify until the owner confirms.
    expect((await listed()).subscribers).toEqual([]);

    const link = linkIn(confirmation, 'confirm');
    const page = await mf.dispatchFetch(link);
    expect(page.status).toBe(200);
    const token = new URL(link).searchParams.get('token') ?? '';
    // Opening the link (a mail scanner does) confirms nothing: the page's button does.
    expect((await listed()).subscribers).toEqual([]);
    const confirmed = await post('/confirm', { token });
    expect(await confirmed.text()).toContain('You are subscribed');
    expect((await listed('api')).subscribers.map((s) => [s.address, s.components])).toEqual([
      ['ana@customer.example', ['api']],
    ]);
    expect((await listed('website')).subscribers).toEqual([]);
    // A confirmation link works once.
    expect((await post('/confirm', { token })).status).toBe(400);

    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's URL.
    const [subscriber] = (await listed()).subscribers;
    const oneClick = await mf.dispatchFetch(subscriber?.unsubscribe_url ?? '', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await listed()).subscribers).toEqual([]);
  });

  it('answers the same for a known and an unknown address, and mails only the owner', async () => {
    await post('/subscribe', { email: 'bo@customer.example' });
    await post('/confirm', {
      token:
        new URL(linkIn(await mailFor('bo@customer.example'), 'confirm')).searchParams.get(
          'token',
        ) ?? '',
    });
    mails.length = 0;
    const known = await post('/subscribe', { email: 'bo@customer.example' }, '198.51.100.1');
    const unknown = await post('/subscribe', { email: 'cy@customer.example' }, '198.51.100.2');
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(await known.text()).toBe(await unknown.text());
    expect((await mailFor('bo@customer.example')).subject).toBe('You already follow Acme Status');
    expect((await mailFor('cy@customer.example')).subject).toBe(
      'Confirm your subscription to Acme Status',
    );
  });

  it('refuses forged and expired links, limits requests, and logs no address', async () => {
    const forged = await mf.dispatchFetch(`${SERVICE}/confirm?token=forged.token`);
    expect(forged.status).toBe(400);
    // A link signed with the service's secret, but past its time.
    const expired = await signToken(SECRET, {
      purpose: 'confirm',
      subject: 'sub_x',
      expires: Date.now() - 1000,
      nonce: randomId(),
    });
    expect((await post('/confirm', { token: expired })).status).toBe(400);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      statuses.push((await post('/subscribe', { email: 'dee@customer.example' })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await mf.dispatchFetch(`${SERVICE}/v1/subscribers`)).status).toBe(401);
    expect(logs.join('')).not.toMatch(/@customer\.example/);
  });
});
