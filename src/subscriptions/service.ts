import { escapeHtml } from '../render/html-text.ts';
import type { EmailApi } from './email-api.ts';
import { addressHash, sha256Hex, type Subscriber, type SubscriptionStore } from './store.ts';
import { randomId, signToken, verifyToken, type TokenPurpose } from './tokens.ts';

/**
 * The subscription service: web-standard requests in, responses out, so it runs in a
 * Cloudflare Worker (src/subscriptions/worker.ts) and under any other runtime with `fetch`.
 * Double opt-in: nothing is ever sent to an address until its owner confirmed from the mail.
 * The same answer whether an address is known or not, so the service tells no one who
 * subscribes; every mail is sent after the answer, so timing tells nothing either.
 */
export interface ServiceConfig {
  readonly store: SubscriptionStore;
  readonly mail: EmailApi;
  /** Signs every link; a Worker secret. */
  readonly tokenSecret: string;
  /** What `statusmark notify` presents to read confirmed subscribers; a Worker secret. */
  readonly apiToken: string;
  /** The status page, e.g. https://status.acme.example/, for links back. */
  readonly siteUrl: string;
  readonly siteName: string;
  /** This service's public address, for the links it mails. */
  readonly serviceUrl: string;
  /** The components a visitor may choose, in display order. */
  readonly components: readonly { readonly id: string; readonly name: string }[];
  readonly now: () => number;
  /** Runs work after the response is sent (a Worker's `ctx.waitUntil`). */
  readonly later: (work: Promise<unknown>) => void;
}

export const CONFIRM_LINK_MS = 48 * 3_600_000;
/** Unsubscribe links must keep working in old mails (RFC 8058 asks for no login or expiry). */
export const UNSUBSCRIBE_LINK_MS = 5 * 365 * 24 * 3_600_000;
export const RATE = {
  perAddress: { limit: 3, windowMs: 3_600_000 },
  perClient: { limit: 20, windowMs: 3_600_000 },
} as const;
const MAX_FORM_BYTES = 16 * 1024;
const MAX_PAGE = 1000;

export async function handleRequest(request: Request, config: ServiceConfig): Promise<Response> {
  const url = new URL(request.url);
  const route = `${request.method} ${url.pathname}`;
  try {
    switch (route) {
      case 'POST /subscribe':
        return await subscribe(request, config);
      case 'GET /confirm':
        return await confirmPage(url, config);
      case 'POST /confirm':
        return await confirm(request, config);
      case 'GET /unsubscribe':
        return await unsubscribePage(url, config);
      case 'POST /unsubscribe':
        return await unsubscribe(request, url, config);
      case 'GET /v1/subscribers':
        return await listSubscribers(request, url, config);
      default:
        return page(config, 404, 'Not found', '<p>There is nothing at this address.</p>');
    }
  } catch (error) {
    // One line, no addresses: the error's name and message come from our own code or D1.
    console.error(`Statusmark subscriptions: ${error instanceof Error ? error.name : 'Error'}`);
    return page(config, 500, 'Something went wrong', '<p>Please try again in a minute.</p>');
  }
}

async function readForm(request: Request): Promise<URLSearchParams | null> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_FORM_BYTES) return null;
  const text = await request.text();
  return text.length > MAX_FORM_BYTES ? null : new URLSearchParams(text);
}

/** A plausible address, normalised; the confirmation mail is the real check. */
export function normaliseEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  if (
    email.length > 254 ||
    !/^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[^\s@<>()",;:\\]+$/.test(email)
  ) {
    return null;
  }
  return email;
}

async function subscribe(request: Request, config: ServiceConfig): Promise<Response> {
  const form = await readForm(request);
  const email = normaliseEmail(form?.get('email') ?? '');
  if (form === null || email === null) {
    return page(
      config,
      400,
      'Check the address',
      '<p>That does not look like an email address. Go back and check it.</p>',
    );
  }
  const known = new Set(config.components.map((component) => component.id));
  // `components[]` is the site's form (a checkbox group), `components` a hand-written one.
  const chosen = [
    ...new Set([...form.getAll('components[]'), ...form.getAll('components')]),
  ].filter((id) => known.has(id));
  const components = chosen.length === 0 || chosen.length === known.size ? null : chosen;
  const now = config.now();
  const client = request.headers.get('cf-connecting-ip') ?? 'unknown';
  // Keys are hashes: not even the counters hold an address or a client's IP in the clear.
  const byClient = await config.store.allow(
    `client:${await sha256Hex(client)}`,
    RATE.perClient.limit,
    RATE.perClient.windowMs,
    now,
  );
  const byAddress = await config.store.allow(
    `address:${await addressHash('email', email)}`,
    RATE.perAddress.limit,
    RATE.perAddress.windowMs,
    now,
  );
  if (!byClient || !byAddress) {
    return page(
      config,
      429,
      'Please wait a little',
      '<p>There were many requests for this address or from your network. Try again in an hour.</p>',
    );
  }
  const existing = await config.store.findByAddress('email', email);
  // Whatever the address's state, the same page, and exactly one mail after it.
  config.later(sendFor(existing, email, components, now, config));
  return page(
    config,
    200,
    'Check your inbox',
    `<p>If the address can receive mail, a message is on its way to it. Follow its link to confirm; nothing is sent until you do.</p>`,
  );
}

async function sendFor(
  existing: Subscriber | null,
  email: string,
  components: readonly string[] | null,
  now: number,
  config: ServiceConfig,
): Promise<void> {
  if (existing?.status === 'confirmed') {
    const stop = await signedLink(config, 'unsubscribe', existing.id, now + UNSUBSCRIBE_LINK_MS);
    await config.mail.send({
      to: email,
      subject: `You already follow ${config.siteName}`,
      text: `Someone, perhaps you, asked to subscribe this address to ${config.siteName}. It is subscribed already; nothing changed.\n\nTo stop these mails: ${stop}\n`,
      html: `<p>Someone, perhaps you, asked to subscribe this address to ${escapeHtml(config.siteName)}. It is subscribed already; nothing changed.</p><p><a href="${escapeHtml(stop)}">Stop these mails</a></p>`,
    });
    return;
  }
  const id = existing?.id ?? `sub_${randomId()}`;
  if (existing === null)
    await config.store.addPending({ id, kind: 'email', address: email, components }, now);
  const confirmation = await signedLink(config, 'confirm', id, now + CONFIRM_LINK_MS);
  await config.mail.send({
    to: email,
    subject: `Confirm your subscription to ${config.siteName}`,
    text: `Someone, perhaps you, asked for updates from ${config.siteName} at this address.\n\nConfirm within 48 hours: ${confirmation}\n\nIf it was not you, ignore this mail: nothing more will be sent.\n`,
    html: `<p>Someone, perhaps you, asked for updates from ${escapeHtml(config.siteName)} at this address.</p><p><a href="${escapeHtml(confirmation)}">Confirm the subscription</a> (within 48 hours).</p><p>If it was not you, ignore this mail: nothing more will be sent.</p>`,
  });
}

async function signedLink(
  config: ServiceConfig,
  purpose: TokenPurpose,
  subject: string,
  expires: number,
): Promise<string> {
  const token = await signToken(config.tokenSecret, {
    purpose,
    subject,
    expires,
    nonce: randomId(),
  });
  const url = new URL(purpose === 'confirm' ? 'confirm' : 'unsubscribe', config.serviceUrl);
  url.searchParams.set('token', token);
  return url.href;
}

/** The link for a subscriber's mails: `List-Unsubscribe` and the footer. */
export function unsubscribeLink(config: ServiceConfig, id: string): Promise<string> {
  return signedLink(config, 'unsubscribe', id, config.now() + UNSUBSCRIBE_LINK_MS);
}

const REFUSED =
  '<p>This link has expired, was used already, or is not one of ours. Subscribe again from the status page.</p>';

/** Mail scanners open links: a GET only shows a button, and the POST confirms. */
async function confirmPage(url: URL, config: ServiceConfig): Promise<Response> {
  const token = url.searchParams.get('token') ?? '';
  const check = await verifyToken(config.tokenSecret, token, 'confirm', config.now());
  if (!check.ok) return page(config, 400, 'This link does not work', REFUSED);
  return page(
    config,
    200,
    'Confirm your subscription',
    `<form method="post" action="confirm"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit">Confirm the subscription</button></form>`,
  );
}

async function confirm(request: Request, config: ServiceConfig): Promise<Response> {
  const token = (await readForm(request))?.get('token') ?? '';
  const check = await verifyToken(config.tokenSecret, token, 'confirm', config.now());
  if (
    !check.ok ||
    !(await config.store.useOnce(check.payload.nonce, check.payload.expires)) ||
    !(await config.store.confirm(check.payload.subject, config.now()))
  ) {
    return page(config, 400, 'This link does not work', REFUSED);
  }
  return page(
    config,
    200,
    'You are subscribed',
    '<p>You will get a mail with each update. Every mail has a link to stop them.</p>',
  );
}

async function unsubscribePage(url: URL, config: ServiceConfig): Promise<Response> {
  const token = url.searchParams.get('token') ?? '';
  const check = await verifyToken(config.tokenSecret, token, 'unsubscribe', config.now());
  if (!check.ok) return page(config, 400, 'This link does not work', REFUSED);
  return page(
    config,
    200,
    'Stop the mails',
    `<form method="post" action="unsubscribe?token=${escapeHtml(encodeURIComponent(token))}"><button type="submit">Unsubscribe</button></form>`,
  );
}

/** RFC 8058 one-click (`List-Unsubscribe=One-Click` in the body) and the page's button alike. */
async function unsubscribe(request: Request, url: URL, config: ServiceConfig): Promise<Response> {
  const form = await readForm(request);
  const token = url.searchParams.get('token') ?? form?.get('token') ?? '';
  const check = await verifyToken(config.tokenSecret, token, 'unsubscribe', config.now());
  if (!check.ok) return page(config, 400, 'This link does not work', REFUSED);
  await config.store.remove(check.payload.subject);
  return page(
    config,
    200,
    'You are unsubscribed',
    '<p>No more mails will be sent to this address, and it was deleted from our list.</p>',
  );
}

/** For `statusmark notify`: confirmed subscribers, paged by id, per component. */
async function listSubscribers(
  request: Request,
  url: URL,
  config: ServiceConfig,
): Promise<Response> {
  if (
    !(await sameSecret(request.headers.get('authorization') ?? '', `Bearer ${config.apiToken}`))
  ) {
    return Response.json({ error: 'unauthorised' }, { status: 401 });
  }
  const limit = Math.min(
    MAX_PAGE,
    Math.max(1, Number(url.searchParams.get('limit') ?? MAX_PAGE) || MAX_PAGE),
  );
  const subscribers = await config.store.confirmed({
    component: url.searchParams.get('component'),
    cursor: url.searchParams.get('cursor'),
    limit,
  });
  const items = await Promise.all(
    subscribers.map(async (subscriber) => ({
      id: subscriber.id,
      kind: subscriber.kind,
      address: subscriber.address,
      components: subscriber.components,
      unsubscribe_url: await unsubscribeLink(config, subscriber.id),
    })),
  );
  return Response.json({
    subscribers: items,
    next_cursor: items.length === limit ? (items.at(-1)?.id ?? null) : null,
  });
}

/** Compares two secrets in time that depends on their length only. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const hash = async (text: string) =>
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([hash(given), hash(expected)]);
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}

function page(config: ServiceConfig, status: number, title: string, body: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)} · ${escapeHtml(config.siteName)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}<p><a href="${escapeHtml(config.siteUrl)}">Back to ${escapeHtml(config.siteName)}</a></p></main></body></html>
`;
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; form-action 'self'; base-uri 'none'",
    },
  });
}
