import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { Webhook } from 'standardwebhooks';
import { Miniflare } from 'miniflare';

/**
 * The subscription service as tests and the bench run it: the Worker bundled by esbuild (as
 * wrangler bundles it) and run by Miniflare in the real workerd runtime, with a local D1 that
 * has every migration applied; and a loopback stand-in of the email API (Resend's
 * `POST /emails` and `POST /emails/batch`) that checks what it is sent.
 */

const SOURCE = path.resolve(import.meta.dirname, '../../src/subscriptions/worker.ts');
const MIGRATIONS = path.resolve(import.meta.dirname, '../../src/subscriptions/migrations');

export interface Mail {
  readonly from: string;
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers?: Record<string, string>;
}

export interface MailApi {
  readonly url: string;
  readonly mails: Mail[];
  /** Messages accepted, repeats left out. */
  readonly received: number;
  /** Requests received, by path. */
  readonly requests: Map<string, number>;
  /** The headers of every request, in order. */
  readonly requestHeaders: IncomingHttpHeaders[];
  /** The next answers' statuses, in order; once used up, requests succeed. */
  script(statuses: readonly number[]): void;
  /** How long each answer takes from now on. */
  setLatency(ms: number): void;
  /** Waits until a mail to `address` arrived, and returns it. */
  mailTo(address: string, timeoutMs?: number): Promise<Mail>;
  stop(): Promise<void>;
}

export const MAIL_API_KEY = 're_test_key_for_the_stand_in';

/**
 * `latencyMs`: how long each answer takes, as a real provider's round trip would; `keep: false`
 * counts the mails without keeping them (the bench's 100,000).
 */
export async function startMailApi(
  options: { latencyMs?: number; keep?: boolean } = {},
): Promise<MailApi> {
  const mails: Mail[] = [];
  const requests = new Map<string, number>();
  const requestHeaders: IncomingHttpHeaders[] = [];
  let scripted: number[] = [];
  let latencyMs = options.latencyMs ?? 0;
  let received = 0;
  const seenKeys = new Set<string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const route = request.url ?? '';
      requests.set(route, (requests.get(route) ?? 0) + 1);
      requestHeaders.push(request.headers);
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        setTimeout(() => {
          response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
          response.end(JSON.stringify(body));
        }, latencyMs);
      };
      if (request.headers.authorization !== `Bearer ${MAIL_API_KEY}`) {
        answer(401, { name: 'missing_api_key' });
        return;
      }
      const status = scripted.shift();
      if (status !== undefined && status !== 200) {
        answer(status, { name: 'stand_in_fault' }, status === 429 ? { 'Retry-After': '1' } : {});
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        answer(422, { name: 'invalid_json' });
        return;
      }
      const batch = route === '/emails/batch';
      const list = (batch ? parsed : [parsed]) as Mail[];
      const valid =
        (route === '/emails' || batch) &&
        Array.isArray(list) &&
        list.length >= 1 &&
        list.length <= 100 &&
        list.every(
          (mail) =>
            typeof mail.from === 'string' &&
            Array.isArray(mail.to) &&
            mail.to.length === 1 &&
            typeof mail.subject === 'string' &&
            typeof mail.text === 'string' &&
            typeof mail.html === 'string',
        );
      if (!valid) {
        answer(422, { name: 'validation_error' });
        return;
      }
      // Recorded when answered, as a provider accepts a message when it answers.
      const key = request.headers['idempotency-key'];
      // Like Resend, a repeated idempotency key is answered again and sends nothing new.
      const repeated = typeof key === 'string' && seenKeys.has(key);
      if (typeof key === 'string') seenKeys.add(key);
      if (!repeated) {
        received += list.length;
        if (options.keep !== false) setTimeout(() => mails.push(...list), latencyMs);
      }
      const ids = list.map((_, index) => ({
        id: `stand-in-${String(received - list.length + index)}`,
      }));
      answer(200, batch ? { data: ids } : ids[0]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mails,
    get received() {
      return received;
    },
    requests,
    requestHeaders,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    script: (statuses) => {
      scripted = [...statuses];
    },
    async mailTo(address, timeoutMs = 5000) {
      for (const start = Date.now(); Date.now() - start < timeoutMs;) {
        const mail = mails.find((candidate) => candidate.to.includes(address));
        if (mail) return mail;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`No mail to ${address} arrived within ${timeoutMs} ms.`);
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

let bundle: Promise<string> | undefined;

/** The Worker as one ES module, bundled once per process. */
export function bundledWorker(): Promise<string> {
  bundle ??= build({
    entryPoints: [SOURCE],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return bundle;
}

/** The part of Miniflare's D1 binding the setup uses. */
interface LocalD1 {
  prepare(sql: string): unknown;
  batch(statements: unknown[]): Promise<unknown>;
}

export interface Service {
  readonly mf: Miniflare;
  /** The service's address: a real loopback port when one was asked for. */
  readonly url: string;
  /** Everything the Worker wrote to stdout and stderr. */
  readonly logs: string[];
  dispose(): Promise<void>;
}

export const SERVICE_SECRETS = {
  TOKEN_SECRET: 'a-secret-only-the-worker-knows',
  API_TOKEN: 'notify-reads-with-this-token',
} as const;

export async function startService(options: {
  readonly mailApi: MailApi;
  readonly bindings?: Record<string, string>;
  /** Listen on a loopback port (for a browser or `statusmark notify`); 0 picks one. */
  readonly port?: number;
  readonly serviceUrl?: string;
  readonly siteUrl?: string;
  readonly components?: readonly { id: string; name: string }[];
}): Promise<Service> {
  const logs: string[] = [];
  const listening = options.port !== undefined;
  const port = options.port === 0 ? await freePort() : options.port;
  const serviceUrl =
    options.serviceUrl ??
    (listening ? `http://127.0.0.1:${String(port)}/` : 'https://subscribe.acme.example/');
  const mf = new Miniflare({
    modules: true,
    script: await bundledWorker(),
    compatibilityDate: '2026-08-01',
    d1Databases: ['DB'],
    ...(listening ? { host: '127.0.0.1', port } : {}),
    bindings: {
      ...SERVICE_SECRETS,
      EMAIL_API_KEY: MAIL_API_KEY,
      EMAIL_API_URL: options.mailApi.url,
      MAIL_FROM: 'Acme Status <status@acme.example>',
      SITE_URL: options.siteUrl ?? 'https://status.acme.example/',
      SITE_NAME: 'Acme Status',
      SERVICE_URL: serviceUrl,
      COMPONENTS: JSON.stringify(
        options.components ?? [
          { id: 'api', name: 'API' },
          { id: 'website', name: 'Website' },
        ],
      ),
      ALLOW_INSECURE_WEBHOOKS: 'true',
      ...options.bindings,
    },
    handleRuntimeStdio: (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => {
      stdout.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
      stderr.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    },
  });
  await mf.ready;
  await applyMigrations(mf);
  return { mf, url: serviceUrl, logs, dispose: () => mf.dispose() };
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every migration in order, as `wrangler d1 migrations apply` runs them. */
async function applyMigrations(mf: Miniflare): Promise<void> {
  const db = (await mf.getD1Database('DB')) as unknown as LocalD1;
  for (const file of (await readdir(MIGRATIONS)).filter((name) => name.endsWith('.sql')).sort()) {
    const statements = (await readFile(path.join(MIGRATIONS, file), 'utf8'))
      .replace(/--.*$/gm, '')
      .split(';')
      .map((statement) => statement.trim())
      .filter((statement) => statement !== '');
    await db.batch(statements.map((statement) => db.prepare(statement)));
  }
}

/** A visitor's subscription by form and confirmation link, as the browser test does by hand. */
export async function subscribeByMail(
  service: Service,
  mailApi: MailApi,
  email: string,
  components: readonly string[] = [],
): Promise<void> {
  const form = new URLSearchParams({ email });
  for (const id of components) form.append('components[]', id);
  await service.mf.dispatchFetch(new URL('subscribe', service.url).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  const mail = await mailApi.mailTo(email);
  const link = /https?:\/\/\S+\/confirm\?token=[\w.-]+/.exec(mail.text)?.[0] ?? '';
  await service.mf.dispatchFetch(new URL('confirm', service.url).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: new URL(link).searchParams.get('token') ?? '' }).toString(),
  });
}

export interface WebhookSubscriber {
  readonly url: string;
  /** Deliveries whose Standard Webhooks signature verified with the registered secret. */
  readonly deliveries: Record<string, unknown>[];
  /** Deliveries that did not verify. */
  readonly forged: number;
  stop(): Promise<void>;
}

/**
 * A visitor's webhook receiver: it answers the service's challenge, and verifies each
 * delivery with the secret the registration page showed.
 */
export async function subscribeWebhook(
  service: Service,
  components: readonly string[] = [],
): Promise<WebhookSubscriber> {
  let secret = '';
  const deliveries: Record<string, unknown>[] = [];
  let forged = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown>;
      try {
        body = new Webhook(secret).verify(
          text,
          request.headers as Record<string, string>,
        ) as Record<string, unknown>;
      } catch {
        forged++;
        response.writeHead(400);
        response.end();
        return;
      }
      if (body.type === 'subscription.challenge') {
        response.writeHead(200, { 'Content-Type': 'text/plain' });
        response.end(String(body.challenge));
        return;
      }
      deliveries.push(body);
      response.writeHead(204);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/hook`;
  const form = new URLSearchParams({ webhook_url: url });
  for (const id of components) form.append('components[]', id);
  const page = await (
    await service.mf.dispatchFetch(new URL('subscribe', service.url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    })
  ).text();
  secret = /<code>(whsec_[\w+/=]+)<\/code>/.exec(page)?.[1] ?? '';
  const token = /name="token" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const verified = await (
    await service.mf.dispatchFetch(new URL('webhooks/verify', service.url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    })
  ).text();
  if (!verified.includes('Your webhook is subscribed')) {
    throw new Error('The webhook was not confirmed.');
  }
  return {
    url,
    deliveries,
    get forged() {
      return forged;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/**
 * A site config whose notify reads the service: an email target through the email API
 * stand-in (`teamList`: the team's own list beside it) and a webhook target for the webhooks
 * visitors registered. `notifyEnv` holds the variables it names.
 */
export function configWithService(
  siteConfig: string,
  service: Service,
  mailApi: MailApi,
  options: { teamList?: boolean } = {},
): string {
  return `${siteConfig}subscriptions:
  url: ${service.url}
notifications:
  targets:
    - id: subscribers
      channel: email
      email_api_env: T_EMAIL_API_KEY
      email_api_url: ${mailApi.url}
      from_env: T_MAIL_FROM
${options.teamList === true ? '      subscribers_env: T_SUBSCRIBERS\n' : ''}      service_token_env: T_SERVICE_TOKEN
    - id: subscriber-webhooks
      channel: webhook
      service_token_env: T_SERVICE_TOKEN
`;
}

/** The environment of a notify run against the GitHub stand-in at `github`. */
export function notifyEnv(github: { url: string; token: string }): NodeJS.ProcessEnv {
  return {
    T_EMAIL_API_KEY: MAIL_API_KEY,
    T_MAIL_FROM: 'Example Status <status@status.example.com>',
    T_SERVICE_TOKEN: SERVICE_SECRETS.API_TOKEN,
    STATUSMARK_LEDGER_KEY: 'service-ledger-key',
    GITHUB_TOKEN: github.token,
    GITHUB_REPOSITORY: 'tidewater/status',
    GITHUB_API_URL: github.url,
    GITHUB_REF_NAME: 'main',
    STATUSMARK_GITHUB_UNPACED: 'true',
  };
}
