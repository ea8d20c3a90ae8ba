/**
 * Mail through an HTTP email API rather than SMTP: one request per message, or per batch of up
 * to 100, which is what lets a CI runner or a Worker reach a large list in minutes. The adapter
 * speaks Resend's API (`POST /emails`, `POST /emails/batch`, a bearer key); another provider
 * takes its place behind `EmailApi`.
 */
export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface EmailApi {
  send(email: OutgoingEmail): Promise<void>;
  sendBatch(emails: readonly OutgoingEmail[]): Promise<void>;
}

/** Resend accepts at most 100 messages in one batch request. */
export const EMAIL_BATCH_LIMIT = 100;

export class EmailApiError extends Error {
  override readonly name = 'EmailApiError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function resendApi(options: {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly from: string;
  readonly fetch?: typeof fetch;
}): EmailApi {
  const call = options.fetch ?? fetch;
  const body = (email: OutgoingEmail) => ({
    from: options.from,
    to: [email.to],
    subject: email.subject,
    text: email.text,
    html: email.html,
    ...(email.headers === undefined ? {} : { headers: email.headers }),
  });
  const post = async (path: string, payload: unknown) => {
    const response = await call(new URL(path, options.baseUrl).href, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${options.apiKey}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(payload),
    });
    if (!response.ok) {
      // The provider's answer says why; it never holds the key, and addresses are not echoed.
      throw new EmailApiError(
        response.status,
        `The email API answered ${String(response.status)}.`,
      );
    }
  };
  return {
    send: (email) => post('/emails', body(email)),
    sendBatch: async (emails) => {
      for (let start = 0; start < emails.length; start += EMAIL_BATCH_LIMIT) {
        await post('/emails/batch', emails.slice(start, start + EMAIL_BATCH_LIMIT).map(body));
      }
    },
  };
}
