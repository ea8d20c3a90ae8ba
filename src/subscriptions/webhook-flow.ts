import { Webhook } from 'standardwebhooks';
import { escapeHtml } from '../render/html-text.ts';
import { mayVerify, passedTurnstile, TOO_MANY, withinLimits } from './abuse.ts';
import { chosenComponents, page, readForm, REFUSED, tokenField } from './pages.ts';
import { actionUrl } from './config.ts';
import { signedLink, tokenFor, VERIFY_LINK_MS, type ServiceConfig } from './config.ts';
import { randomId, verifyToken } from './tokens.ts';

/**
 * Webhook subscriptions. A visitor registers a URL and is shown a new signing secret once;
 * pressing "Send the challenge" POSTs a signed challenge to the URL, and only a receiver that
 * answers with the challenge becomes a subscriber. So no one can point deliveries at a URL
 * they do not control, and a registration never changes an existing subscriber until its
 * challenge is answered: the answer is the same for a known URL and an unknown one.
 */

const CHALLENGE_TIMEOUT_MS = 10_000;
const MAX_URL_LENGTH = 2048;

/** An https URL of a public host, without credentials or fragment; else null. */
export function normaliseWebhookUrl(value: string, allowInsecure: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.href.length > MAX_URL_LENGTH || url.username !== '' || url.password !== '') return null;
  if (!allowInsecure) {
    const host = url.hostname;
    // Hosts by name only: an IP literal or a local name is how a form reaches a private network.
    const literal = /^[\d.]+$/.test(host) || host.startsWith('[');
    if (url.protocol !== 'https:' || literal || !host.includes('.') || host.endsWith('.local')) {
      return null;
    }
  } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return null;
  }
  url.hash = '';
  return url.href;
}

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `whsec_${btoa(binary)}`;
}

export async function registerWebhook(
  request: Request,
  form: URLSearchParams,
  config: ServiceConfig,
): Promise<Response> {
  const address = normaliseWebhookUrl(
    form.get('webhook_url') ?? '',
    config.allowInsecureWebhooks === true,
  );
  if (address === null) {
    return page(
      config,
      400,
      'Check the URL',
      '<p>A webhook needs an https URL on a public host name, without a user name or password. Go back and check it.</p>',
    );
  }
  if (!(await passedTurnstile(config, request, form))) {
    return page(
      config,
      400,
      'Please try again',
      '<p>The check did not pass. Go back and send the form again.</p>',
    );
  }
  if (!(await withinLimits(config, request, `webhook:${address}`))) {
    return page(config, 429, 'Please wait a little', TOO_MANY);
  }
  const id = `reg_${randomId()}`;
  const secret = newSecret();
  await config.store.addRegistration(
    {
      id,
      address,
      secret,
      components: chosenComponents(config, form),
      expires: config.now() + VERIFY_LINK_MS,
    },
    config.now(),
  );
  return page(
    config,
    200,
    'Verify your webhook',
    `<p>Deliveries are signed the Standard Webhooks way with this secret. It is shown once: store it with your receiver now.</p>
<p><code>${escapeHtml(secret)}</code></p>
<p>Then send the challenge: your receiver gets a signed POST whose JSON body has <code>"type": "subscription.challenge"</code> and a <code>challenge</code>; it answers 200 with that challenge as the body (or as <code>{"challenge": "…"}</code>). Nothing else is sent until it does. This works for the next hour.</p>
<form method="post" action="${escapeHtml(actionUrl(config, 'webhooks/verify'))}">${tokenField(await tokenFor(config, 'verify', id))}<button type="submit">Send the challenge</button></form>`,
  );
}

export async function verifyWebhook(request: Request, config: ServiceConfig): Promise<Response> {
  const token = (await readForm(request))?.get('token') ?? '';
  const now = config.now();
  const check = await verifyToken(config.tokenSecret, token, 'verify', now);
  const registration = check.ok
    ? await config.store.findRegistration(check.payload.subject, now)
    : null;
  if (registration === null) return page(config, 400, 'This link does not work', REFUSED);
  if (!(await mayVerify(config, request)))
    return page(config, 429, 'Please wait a little', TOO_MANY);
  const answer = await sendChallenge(config, registration.address, registration.secret);
  if (answer !== 'answered') {
    return page(
      config,
      200,
      'The challenge was not answered',
      `<p>${escapeHtml(answer)} Fix the receiver, then send the challenge again.</p>
<form method="post" action="${escapeHtml(actionUrl(config, 'webhooks/verify'))}">${tokenField(token)}<button type="submit">Send the challenge again</button></form>`,
    );
  }
  const id = await config.store.confirmWebhook(registration, `sub_${randomId()}`, now);
  await config.store.removeRegistration(registration.id);
  const manage = await signedLink(config, 'manage', id);
  return page(
    config,
    200,
    'Your webhook is subscribed',
    `<p>Your receiver answered the challenge. It will get a signed delivery with each update.</p>
<p>Keep this link to choose components, download your data or unsubscribe: <a href="${escapeHtml(manage)}">manage the subscription</a>.</p>`,
  );
}

/** `answered`, or a sentence for the visitor that says what the receiver did instead. */
async function sendChallenge(
  config: ServiceConfig,
  address: string,
  secret: string,
): Promise<string> {
  const challenge = randomId(24);
  const body = JSON.stringify({
    type: 'subscription.challenge',
    challenge,
    page: { name: config.siteName, url: config.siteUrl },
  });
  const messageId = `msg_challenge_${randomId()}`;
  const timestamp = new Date(config.now());
  let response: Response;
  try {
    response = await config.fetch(address, {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Statusmark',
        'webhook-id': messageId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(messageId, timestamp, body),
      },
      // A redirect would send the challenge, and later the deliveries, somewhere else.
      redirect: 'manual',
      signal: AbortSignal.timeout(CHALLENGE_TIMEOUT_MS),
    });
  } catch {
    return 'The URL could not be reached, or it did not answer within 10 seconds.';
  }
  if (!response.ok) return `The receiver answered with status ${String(response.status)}.`;
  const text = (await response.text()).slice(0, 4096).trim();
  if (text === challenge) return 'answered';
  try {
    const parsed: unknown = JSON.parse(text);
    if ((parsed as { challenge?: unknown } | null)?.challenge === challenge) return 'answered';
  } catch {
    // Not JSON: the answer below covers it.
  }
  return 'The receiver answered, but not with the challenge.';
}
