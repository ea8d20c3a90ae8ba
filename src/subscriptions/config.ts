import type { EmailApi } from './email-api.ts';
import type { PageSite } from './pages.ts';
import type { SubscriptionStore } from './store.ts';
import { randomId, signToken, type TokenPurpose } from './tokens.ts';

/**
 * The subscription service: web-standard requests in, responses out, so it runs in a
 * Cloudflare Worker (src/subscriptions/worker.ts) and under any other runtime with `fetch`.
 * Double opt-in: nothing is ever sent to an address until its owner confirmed from the mail,
 * and nothing to a webhook until its receiver answered a signed challenge. The same answer
 * whether an address is known or not, so the service tells no one who subscribes; every mail
 * is sent after the answer, so timing tells nothing either.
 */
export interface ServiceConfig extends PageSite {
  readonly store: SubscriptionStore;
  readonly mail: EmailApi;
  /** Signs every link; a Worker secret. */
  readonly tokenSecret: string;
  /** What `statusmark notify` presents to read confirmed subscribers; a Worker secret. */
  readonly apiToken: string;
  /** This service's public address, for the links it mails. */
  readonly serviceUrl: string;
  /** Cloudflare Turnstile: when set, the subscribe form must carry a passed check. */
  readonly turnstile?: { readonly secret: string; readonly verifyUrl: string };
  /** Lets webhooks point at plain http and loopback hosts: for local testing only. */
  readonly allowInsecureWebhooks?: boolean;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /** Runs work after the response is sent (a Worker's `ctx.waitUntil`). */
  readonly later: (work: Promise<unknown>) => void;
}

export const CONFIRM_LINK_MS = 48 * 3_600_000;
/** Unsubscribe links must keep working in old mails (RFC 8058 asks for no login or expiry). */
export const UNSUBSCRIBE_LINK_MS = 5 * 365 * 24 * 3_600_000;
/** Every mail carries a fresh manage link; subscribing again mails one too. */
export const MANAGE_LINK_MS = 180 * 24 * 3_600_000;
/** A registered webhook has this long to be verified by its challenge. */
export const VERIFY_LINK_MS = 3_600_000;

const LINK_PATH: Readonly<Record<TokenPurpose, string>> = {
  confirm: 'confirm',
  manage: 'manage',
  unsubscribe: 'unsubscribe',
  verify: 'webhooks/verify',
};
const LINK_MS: Readonly<Record<TokenPurpose, number>> = {
  confirm: CONFIRM_LINK_MS,
  manage: MANAGE_LINK_MS,
  unsubscribe: UNSUBSCRIBE_LINK_MS,
  verify: VERIFY_LINK_MS,
};

/** A token for `purpose` about `subject`, valid for that purpose's time from now. */
export function tokenFor(
  config: ServiceConfig,
  purpose: TokenPurpose,
  subject: string,
): Promise<string> {
  return signToken(config.tokenSecret, {
    purpose,
    subject,
    expires: config.now() + LINK_MS[purpose],
    nonce: randomId(),
  });
}

/** A signed link of this service, e.g. the one in a mail's `List-Unsubscribe`. */
export async function signedLink(
  config: ServiceConfig,
  purpose: TokenPurpose,
  subject: string,
): Promise<string> {
  const url = new URL(LINK_PATH[purpose], config.serviceUrl);
  url.searchParams.set('token', await tokenFor(config, purpose, subject));
  return url.href;
}

/** Where a form of the service posts: absolute, so it is right from any of its pages. */
export function actionUrl(config: ServiceConfig, path: string): string {
  return new URL(path, config.serviceUrl).href;
}
