/**
 * Mail through an HTTP email API rather than SMTP: one request per message, or per batch of up
 * to 100, which is what lets a CI runner or a Worker reach a large list in minutes. The adapter
 * speaks Resend's API (`POST /emails`, `POST /emails/batch`, a bearer key, an
 * `Idempotency-Key` that the API remembers for 24 hours); another provider takes its place
 * behind `EmailApi`. It runs unchanged in workerd and in Node.
 */
export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SendOptions {
  /** The same key for the same request: the API sends it once however often it is retried. */
  readonly idempotencyKey?: string;
}

export interface EmailApi {
  send(email: OutgoingEmail, options?: SendOptions): Promise<void>;
  /** Up to EMAIL_BATCH_LIMIT messages in one request: all are accepted, or none. */
  sendBatch(emails: readonly OutgoingEmail[], options?: SendOptions): Promise<void>;
}

/** Resend accepts at most 100 messages in one batch request. */
export const EMAIL_BATCH_LIMIT = 100;

export class EmailApiError extends Error {
  override readonly name = 'EmailApiError';
  /** The API's status, or null when no answer came. */
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  /** No answer came after the request was sent: the messages may have been accepted. */
  readonly unknownOutcome: boolean;
  constructor(
    message: string,
    status: number | null,
    retryAfterMs: number | null = null,
    unknownOutcome = false,
  ) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
    this.unknownOutcome = unknownOutcome;
  }
}

export function resendApi(options: {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly from: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}): EmailApi {
  const call = options.fetch ?? ((input, init) => fetch(input, init));
  const body = (email: OutgoingEmail) => ({
    from: options.from,
    to: [email.to],
    subject: email.subject,
    text: email.text,
    html: email.html,
    ...(email.headers === undefined ? {} : { headers: email.headers }),
  });
  const post = async (path: string, payload: unknown, sendOptions: SendOptions = {}) => {
    let response: Response;
    try {
      response = await call(new URL(path, options.baseUrl).href, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${options.apiKey}`,
          'Content-Type': 'application/json',
          'User-Agent': 'Statusmark',
          ...(sendOptions.idempotencyKey === undefined
            ? {}
            : { 'Idempotency-Key': sendOptions.idempotencyKey }),
        },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        // Never followed: a redirect would carry the key to another host. (workerd has no
        // `redirect: 'error'`; a 3xx is refused below.)
        redirect: 'manual',
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new EmailApiError(
        timedOut ? 'The email API did not answer in time.' : 'The email API could not be reached.',
        null,
        null,
        timedOut,
      );
    }
    // The answer is read so the connection can be reused; it is never logged.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) {
      // The status says why; the provider's text may echo an address, so it is not kept.
      throw new EmailApiError(
        `The email API answered ${String(response.status)}.`,
        response.status,
        retryAfter(response.headers.get('retry-after')),
      );
    }
  };
  return {
    send: (email, sendOptions) => post('/emails', body(email), sendOptions),
    sendBatch: async (emails, sendOptions) => {
      if (emails.length > EMAIL_BATCH_LIMIT) {
        throw new RangeError(`A batch holds at most ${String(EMAIL_BATCH_LIMIT)} messages.`);
      }
      await post('/emails/batch', emails.map(body), sendOptions);
    },
  };
}

function retryAfter(value: string | null): number | null {
  if (value === null) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
