import type { ServiceConfig } from './config.ts';
import { sha256Hex } from './store.ts';

/**
 * What keeps the service from being used against people: per-address and per-client rate
 * limits (counted under hashes, so not even the counters hold an address or an IP), and an
 * optional Cloudflare Turnstile check on the form.
 */
export const RATE = {
  perAddress: { limit: 3, windowMs: 3_600_000 },
  perClient: { limit: 20, windowMs: 3_600_000 },
  /** Each verification sends a request to the visitor's URL. */
  verifyPerClient: { limit: 10, windowMs: 3_600_000 },
} as const;

export function clientOf(request: Request): string {
  return request.headers.get('cf-connecting-ip') ?? 'unknown';
}

/** Counts one request from the client and one for the address; false once either is over. */
export async function withinLimits(
  config: ServiceConfig,
  request: Request,
  address: string,
): Promise<boolean> {
  const now = config.now();
  const [byClient, byAddress] = await Promise.all([
    config.store.allow(
      `client:${await sha256Hex(clientOf(request))}`,
      RATE.perClient.limit,
      RATE.perClient.windowMs,
      now,
    ),
    config.store.allow(
      `address:${await sha256Hex(address)}`,
      RATE.perAddress.limit,
      RATE.perAddress.windowMs,
      now,
    ),
  ]);
  return byClient && byAddress;
}

export async function mayVerify(config: ServiceConfig, request: Request): Promise<boolean> {
  return config.store.allow(
    `verify:${await sha256Hex(clientOf(request))}`,
    RATE.verifyPerClient.limit,
    RATE.verifyPerClient.windowMs,
    config.now(),
  );
}

export const TOO_MANY =
  '<p>There were many requests for this address or from your network. Try again in an hour.</p>';

/** Whether the form passed Turnstile; true when the service does not use it. */
export async function passedTurnstile(
  config: ServiceConfig,
  request: Request,
  form: URLSearchParams,
): Promise<boolean> {
  if (config.turnstile === undefined) return true;
  const response = form.get('cf-turnstile-response') ?? '';
  if (response === '' || response.length > 2048) return false;
  const body = new URLSearchParams({
    secret: config.turnstile.secret,
    response,
    remoteip: clientOf(request),
  });
  try {
    const answer = await config.fetch(config.turnstile.verifyUrl, {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const result: unknown = await answer.json();
    return (
      typeof result === 'object' &&
      result !== null &&
      (result as { success?: unknown }).success === true
    );
  } catch {
    // Turnstile unreachable: refused, since the check was asked for.
    return false;
  }
}
