import { resendApi } from './email-api.ts';
import { handleRequest } from './service.ts';
import { d1Store, type D1Like } from './store.ts';

/** The Worker's bindings: the D1 database, secrets (`wrangler secret put`) and plain vars. */
export interface Env {
  readonly DB: D1Like;
  readonly TOKEN_SECRET: string;
  readonly API_TOKEN: string;
  readonly EMAIL_API_KEY: string;
  readonly EMAIL_API_URL?: string;
  readonly MAIL_FROM: string;
  readonly SITE_URL: string;
  readonly SITE_NAME: string;
  readonly SERVICE_URL: string;
  /** JSON: `[{"id": "api", "name": "API"}, …]`, written from the site's components. */
  readonly COMPONENTS: string;
  /** Set both to require a Cloudflare Turnstile check on the form (the secret as a secret). */
  readonly TURNSTILE_SECRET?: string;
  readonly TURNSTILE_VERIFY_URL?: string;
  /** "true" lets webhooks use http and loopback hosts: local testing only. */
  readonly ALLOW_INSECURE_WEBHOOKS?: string;
}

interface Context {
  waitUntil(work: Promise<unknown>): void;
}

function components(json: string): { id: string; name: string }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { id, name } = item as Record<string, unknown>;
    return typeof id === 'string' && typeof name === 'string' ? [{ id, name }] : [];
  });
}

export default {
  fetch(request: Request, env: Env, context: Context): Promise<Response> {
    return handleRequest(request, {
      store: d1Store(env.DB),
      mail: resendApi({
        baseUrl: env.EMAIL_API_URL ?? 'https://api.resend.com',
        apiKey: env.EMAIL_API_KEY,
        from: env.MAIL_FROM,
      }),
      tokenSecret: env.TOKEN_SECRET,
      apiToken: env.API_TOKEN,
      siteUrl: env.SITE_URL,
      siteName: env.SITE_NAME,
      serviceUrl: env.SERVICE_URL,
      components: components(env.COMPONENTS),
      ...(env.TURNSTILE_SECRET
        ? {
            turnstile: {
              secret: env.TURNSTILE_SECRET,
              verifyUrl:
                env.TURNSTILE_VERIFY_URL ??
                'https://challenges.cloudflare.com/turnstile/v0/siteverify',
            },
          }
        : {}),
      allowInsecureWebhooks: env.ALLOW_INSECURE_WEBHOOKS === 'true',
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      later: (work) => {
        context.waitUntil(
          work.catch((error: unknown) => {
            console.error(
              `Statusmark subscriptions: a mail was not sent (${error instanceof Error ? error.message : 'unknown error'})`,
            );
          }),
        );
      },
    });
  },
};
