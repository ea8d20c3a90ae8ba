/**
 * Signed tokens for the links the subscription service mails: what the link is for, whom it
 * concerns, until when, and a nonce that makes each one single-use where that matters. HMAC-SHA-256
 * over the payload with the service's secret (Web Crypto, the same in workerd and Node), so the
 * service needs no table of outstanding links and a forged or altered link is refused.
 */

/** `verify` is a webhook registration waiting for its challenge to be sent. */
export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe' | 'verify';
const PURPOSES: ReadonlySet<unknown> = new Set(['confirm', 'manage', 'unsubscribe', 'verify']);

export interface TokenPayload {
  readonly purpose: TokenPurpose;
  /** The subscriber's id. */
  readonly subject: string;
  /** Epoch milliseconds after which the link is refused. */
  readonly expires: number;
  /** Random, so two links for the same subscriber differ and a used one can be recorded. */
  readonly nonce: string;
}

export type TokenCheck =
  | { readonly ok: true; readonly payload: TokenPayload }
  | { readonly ok: false; readonly reason: 'malformed' | 'forged' | 'expired' | 'wrong-purpose' };

const encoder = new TextEncoder();

async function key(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replaceAll('-', '+').replaceAll('_', '/');
  try {
    const binary = atob(padded + '='.repeat((4 - (padded.length % 4)) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return null;
  }
}

/** A random identifier of `bytes` bytes, base64url: ids, nonces, webhook challenges. */
export function randomId(bytes = 16): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function signToken(secret: string, payload: TokenPayload): Promise<string> {
  const body = base64url(encoder.encode(JSON.stringify(payload)));
  const signature = new Uint8Array(
    await crypto.subtle.sign('HMAC', await key(secret), encoder.encode(body)),
  );
  return `${body}.${base64url(signature)}`;
}

/** The payload of a token this secret signed for `purpose`, unexpired at `now`; else why not. */
export async function verifyToken(
  secret: string,
  token: string,
  purpose: TokenPurpose,
  now: number,
): Promise<TokenCheck> {
  // Bounded before any work: a link is short, and nothing unbounded reaches the crypto.
  if (token.length > 1024) return { ok: false, reason: 'malformed' };
  const [body = '', signature = '', ...rest] = token.split('.');
  const bytes = fromBase64url(signature);
  if (rest.length > 0 || body === '' || signature === '' || bytes === null) {
    return { ok: false, reason: 'malformed' };
  }
  const valid = await crypto.subtle.verify('HMAC', await key(secret), bytes, encoder.encode(body));
  if (!valid) return { ok: false, reason: 'forged' };
  const decoded = fromBase64url(body);
  let payload: unknown;
  try {
    payload = decoded === null ? null : JSON.parse(new TextDecoder().decode(decoded));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isPayload(payload)) return { ok: false, reason: 'malformed' };
  if (payload.purpose !== purpose) return { ok: false, reason: 'wrong-purpose' };
  if (payload.expires <= now) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}

function isPayload(value: unknown): value is TokenPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { purpose, subject, expires, nonce } = value as Record<string, unknown>;
  return (
    PURPOSES.has(purpose) &&
    typeof subject === 'string' &&
    typeof expires === 'number' &&
    typeof nonce === 'string'
  );
}
