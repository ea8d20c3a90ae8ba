import { escapeHtml } from '../render/html-text.ts';
import { passedTurnstile, TOO_MANY, withinLimits } from './abuse.ts';
import { chosenComponents, page, readForm, REFUSED, tokenField } from './pages.ts';
import { actionUrl } from './config.ts';
import { signedLink, type ServiceConfig } from './config.ts';
import type { Subscriber } from './store.ts';
import { randomId, verifyToken } from './tokens.ts';

/** Subscribing by email: the form, the confirmation mail, and the confirming POST. */

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

export async function subscribeEmail(
  request: Request,
  form: URLSearchParams | null,
  config: ServiceConfig,
): Promise<Response> {
  const email = normaliseEmail(form?.get('email') ?? '');
  if (form === null || email === null) {
    return page(
      config,
      400,
      'Check the address',
      '<p>That does not look like an email address. Go back and check it.</p>',
    );
  }
  if (!(await passedTurnstile(config, request, form))) {
    return page(
      config,
      400,
      'Please try again',
      '<p>The check that tells people from scripts did not pass. Go back, wait for it to finish, and send the form again.</p>',
    );
  }
  if (!(await withinLimits(config, request, `email:${email}`))) {
    return page(config, 429, 'Please wait a little', TOO_MANY);
  }
  const existing = await config.store.findByAddress('email', email);
  // Whatever the address's state, the same page, and exactly one mail after it.
  config.later(mailFor(existing, email, chosenComponents(config, form), config));
  return page(
    config,
    200,
    'Check your inbox',
    `<p>If the address can receive mail, a message is on its way to it. Follow its link to confirm; nothing is sent until you do.</p>`,
  );
}

async function mailFor(
  existing: Subscriber | null,
  email: string,
  components: readonly string[] | null,
  config: ServiceConfig,
): Promise<void> {
  const name = config.siteName;
  if (existing?.status === 'confirmed') {
    const manage = await signedLink(config, 'manage', existing.id);
    await config.mail.send({
      to: email,
      subject: `You already follow ${name}`,
      text: `Someone, perhaps you, asked to subscribe this address to ${name}. It is subscribed already; nothing changed.\n\nTo choose components, download your data or unsubscribe: ${manage}\n`,
      html: `<p>Someone, perhaps you, asked to subscribe this address to ${escapeHtml(name)}. It is subscribed already; nothing changed.</p><p><a href="${escapeHtml(manage)}">Choose components, download your data or unsubscribe</a></p>`,
    });
    return;
  }
  const id = existing?.id ?? `sub_${randomId()}`;
  if (existing === null) {
    await config.store.addPending({ id, kind: 'email', address: email, components }, config.now());
  } else {
    // Asked again before confirming: the latest choice of components holds.
    await config.store.setComponents(id, components);
  }
  const confirmation = await signedLink(config, 'confirm', id);
  await config.mail.send({
    to: email,
    subject: `Confirm your subscription to ${name}`,
    text: `Someone, perhaps you, asked for updates from ${name} at this address.\n\nConfirm within 48 hours: ${confirmation}\n\nIf it was not you, ignore this mail: nothing more will be sent.\n`,
    html: `<p>Someone, perhaps you, asked for updates from ${escapeHtml(name)} at this address.</p><p><a href="${escapeHtml(confirmation)}">Confirm the subscription</a> (within 48 hours).</p><p>If it was not you, ignore this mail: nothing more will be sent.</p>`,
  });
}

/** Mail scanners open links: a GET only shows a button, and the POST confirms. */
export async function confirmPage(url: URL, config: ServiceConfig): Promise<Response> {
  const token = url.searchParams.get('token') ?? '';
  const check = await verifyToken(config.tokenSecret, token, 'confirm', config.now());
  if (!check.ok) return page(config, 400, 'This link does not work', REFUSED);
  return page(
    config,
    200,
    'Confirm your subscription',
    `<form method="post" action="${escapeHtml(actionUrl(config, 'confirm'))}">${tokenField(token)}<button type="submit">Confirm the subscription</button></form>`,
  );
}

export async function confirmEmail(request: Request, config: ServiceConfig): Promise<Response> {
  const token = (await readForm(request))?.get('token') ?? '';
  const now = config.now();
  const check = await verifyToken(config.tokenSecret, token, 'confirm', now);
  if (
    !check.ok ||
    !(await config.store.useOnce(check.payload.nonce, check.payload.expires, now)) ||
    !(await config.store.confirm(check.payload.subject, now))
  ) {
    return page(config, 400, 'This link does not work', REFUSED);
  }
  const manage = await signedLink(config, 'manage', check.payload.subject);
  return page(
    config,
    200,
    'You are subscribed',
    `<p>You will get a mail with each update. Every mail has a link to stop them.</p><p><a href="${escapeHtml(manage)}">Choose components, download your data or unsubscribe</a></p>`,
  );
}
