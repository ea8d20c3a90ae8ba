import { escapeHtml } from '../render/html-text.ts';
import {
  chosenComponents,
  componentChoices,
  page,
  readForm,
  REFUSED,
  tokenField,
} from './pages.ts';
import { actionUrl } from './config.ts';
import { tokenFor, type ServiceConfig } from './config.ts';
import type { Subscriber } from './store.ts';
import { verifyToken, type TokenPurpose } from './tokens.ts';

/**
 * A subscriber's own page, reached by the signed link in every mail: change the components,
 * download what the service keeps about them, or unsubscribe, which deletes it all.
 */

async function subscriberFor(
  config: ServiceConfig,
  token: string,
  purpose: TokenPurpose,
): Promise<Subscriber | null> {
  const check = await verifyToken(config.tokenSecret, token, purpose, config.now());
  if (!check.ok) return null;
  return config.store.findById(check.payload.subject);
}

export async function managePage(url: URL, config: ServiceConfig): Promise<Response> {
  const token = url.searchParams.get('token') ?? '';
  const subscriber = await subscriberFor(config, token, 'manage');
  if (subscriber === null) return page(config, 400, 'This link does not work', REFUSED);
  return manageForm(config, token, subscriber, '');
}

async function manageForm(
  config: ServiceConfig,
  token: string,
  subscriber: Subscriber,
  notice: string,
): Promise<Response> {
  const stop = await tokenFor(config, 'unsubscribe', subscriber.id);
  const what = subscriber.kind === 'email' ? 'mails' : 'deliveries';
  return page(
    config,
    200,
    'Your subscription',
    `${notice}<p>Updates go to ${escapeHtml(masked(subscriber))}.</p>
<form method="post" action="${escapeHtml(actionUrl(config, 'manage'))}">${tokenField(token)}${componentChoices(config, subscriber.components)}<p><button type="submit">Save the choice</button></p></form>
<h2>Your data</h2><p>Everything kept about this subscription, as JSON.</p>
<form method="post" action="${escapeHtml(actionUrl(config, 'manage/export'))}">${tokenField(token)}<button type="submit">Download my data</button></form>
<h2>Stop the ${what}</h2><p>Unsubscribing deletes the subscription and everything kept about it.</p>
<form method="post" action="${escapeHtml(actionUrl(config, 'unsubscribe'))}">${tokenField(stop)}<button type="submit">Unsubscribe and delete my data</button></form>`,
  );
}

/** Enough of the address to recognise it, should the link reach someone else's screen. */
function masked(subscriber: Subscriber): string {
  if (subscriber.kind === 'webhook') return `a webhook at ${new URL(subscriber.address).host}`;
  const [local = '', domain = ''] = subscriber.address.split('@');
  return `${local.slice(0, 1)}…@${domain}`;
}

export async function saveChoice(request: Request, config: ServiceConfig): Promise<Response> {
  const form = await readForm(request);
  const token = form?.get('token') ?? '';
  const subscriber = await subscriberFor(config, token, 'manage');
  if (form === null || subscriber === null) {
    return page(config, 400, 'This link does not work', REFUSED);
  }
  const components = chosenComponents(config, form);
  await config.store.setComponents(subscriber.id, components);
  return manageForm(config, token, { ...subscriber, components }, '<p><strong>Saved.</strong></p>');
}

export async function exportData(request: Request, config: ServiceConfig): Promise<Response> {
  const subscriber = await subscriberFor(
    config,
    (await readForm(request))?.get('token') ?? '',
    'manage',
  );
  if (subscriber === null) return page(config, 400, 'This link does not work', REFUSED);
  const data = {
    service: config.siteName,
    exported_at: new Date(config.now()).toISOString(),
    subscription: {
      id: subscriber.id,
      kind: subscriber.kind,
      address: subscriber.address,
      components: subscriber.components ?? 'all',
      status: subscriber.status,
      created_at: new Date(subscriber.createdAt).toISOString(),
      confirmed_at:
        subscriber.confirmedAt === null ? null : new Date(subscriber.confirmedAt).toISOString(),
      // The webhook secret is not repeated: it was shown once, at registration.
    },
  };
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="subscription.json"',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export async function unsubscribePage(url: URL, config: ServiceConfig): Promise<Response> {
  const token = url.searchParams.get('token') ?? '';
  const check = await verifyToken(config.tokenSecret, token, 'unsubscribe', config.now());
  if (!check.ok) return page(config, 400, 'This link does not work', REFUSED);
  return page(
    config,
    200,
    'Stop the updates',
    `<form method="post" action="${escapeHtml(actionUrl(config, 'unsubscribe'))}">${tokenField(token)}<button type="submit">Unsubscribe</button></form>`,
  );
}

/**
 * RFC 8058 one-click (the mail client POSTs `List-Unsubscribe=One-Click` to the header's URL,
 * token in the query) and the page's button (token in the form) alike.
 */
export async function unsubscribe(
  request: Request,
  url: URL,
  config: ServiceConfig,
): Promise<Response> {
  const form = await readForm(request);
  const token = url.searchParams.get('token') ?? form?.get('token') ?? '';
  const check = await verifyToken(config.tokenSecret, token, 'unsubscribe', config.now());
  if (!check.ok) return page(config, 400, 'This link does not work', REFUSED);
  await config.store.remove(check.payload.subject);
  return page(
    config,
    200,
    'You are unsubscribed',
    '<p>Nothing more will be sent, and the subscription was deleted with everything kept about it.</p>',
  );
}
