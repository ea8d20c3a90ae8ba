/**
 * Posting to a receiver's URL. The URL carries a token for Slack, Discord and Teams, so no error
 * message here ever includes it: failures are described by status code or network error code.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  /** True when retrying cannot help (404, 410, a refused payload, a bad address). */
  readonly permanent: boolean;
  /** The wait the receiver asked for (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | null;
  /**
   * True when the message may have arrived all the same: the request was sent and no answer
   * came (a timeout, a connection dropped mid-request). False when the receiver answered, or
   * the connection never opened.
   */
  readonly unknownOutcome: boolean;

  constructor(
    message: string,
    permanent: boolean,
    retryAfterMs: number | null = null,
    unknownOutcome = false,
  ) {
    super(message);
    this.permanent = permanent;
    this.retryAfterMs = retryAfterMs;
    this.unknownOutcome = unknownOutcome;
  }
}

/** Network failures that happen before a byte of the request is sent. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

export async function postJson(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'Statusmark', ...headers },
      signal: AbortSignal.timeout(timeoutMs),
      // A redirect could carry the request, and its secret headers, to another host.
      redirect: 'error',
    });
  } catch (error) {
    const code = networkCode(error);
    throw new DeliveryError(`the request failed (${code})`, false, null, !NOT_SENT.has(code));
  }
  // The body is read so the connection can be reused; receivers' answers are not logged.
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return;
  const status = response.status;
  const retryable = status === 408 || status === 429 || status >= 500;
  throw new DeliveryError(
    `the receiver answered ${status}${status === 404 || status === 410 ? ' (the URL is gone)' : ''}`,
    !retryable,
    retryAfter(response.headers.get('retry-after')),
  );
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function retryAfter(value: string | null): number | null {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function networkCode(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}
