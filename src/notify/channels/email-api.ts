import { createHash } from 'node:crypto';
import {
  EMAIL_BATCH_LIMIT,
  EmailApiError,
  resendApi,
  type OutgoingEmail,
} from '../../subscriptions/email-api.ts';
import type { Delivery } from '../plan.ts';
import { emailHeaders, type EmailContent } from './email.ts';
import { DeliveryError } from './http.ts';

/**
 * Email through an HTTP email API with batch sending (Resend's API): up to 100 messages per
 * request, so 100,000 subscribers take 1,000 requests rather than 100,000 SMTP transactions.
 * Each request carries an idempotency key made from its deliveries' keys, so the same batch
 * sent again (a retry, or the next run after a cut-off one) is accepted once.
 */
export const EMAIL_API = {
  /** Messages per request: the API's batch limit. */
  group: EMAIL_BATCH_LIMIT,
  /** Deliveries marked in the ledger together: ten requests per ledger write. */
  batch: 1000,
  /** Requests at once: the API allows a few per second by default and answers 429 beyond. */
  concurrency: 2,
} as const;

/** How many messages of a refused batch are tried alone before the request is blamed. */
const SETUP_PROBES = 3;

export interface ApiEmail {
  readonly delivery: Delivery;
  readonly to: string;
  readonly content: EmailContent;
}

export interface EmailApiSender {
  /** Sends up to EMAIL_API.group messages; the map holds those that failed. */
  send(emails: readonly ApiEmail[]): Promise<ReadonlyMap<Delivery, DeliveryError>>;
}

export function emailApiSender(
  baseUrl: string,
  apiKey: string,
  from: string,
  timeoutMs: number,
): EmailApiSender {
  const api = resendApi({ baseUrl, apiKey, from, timeoutMs });
  const outgoing = (email: ApiEmail): OutgoingEmail => ({
    to: email.to,
    subject: email.content.subject,
    text: email.content.text,
    html: email.content.html,
    headers: emailHeaders(email.content, email.delivery.key),
  });
  const idempotencyKey = (emails: readonly ApiEmail[]) =>
    `statusmark/${createHash('sha256')
      .update(emails.map((email) => email.delivery.key).join('\n'))
      .digest('hex')}`;
  const one = async (email: ApiEmail): Promise<DeliveryError | null> => {
    try {
      await api.send(outgoing(email), { idempotencyKey: idempotencyKey([email]) });
      return null;
    } catch (error) {
      return deliveryError(error);
    }
  };
  return {
    async send(emails) {
      const [only] = emails;
      if (only === undefined) return new Map();
      if (emails.length === 1) {
        const error = await one(only);
        return new Map(error === null ? [] : [[only.delivery, error]]);
      }
      try {
        await api.sendBatch(emails.map(outgoing), { idempotencyKey: idempotencyKey(emails) });
        return new Map();
      } catch (error) {
        const failure = deliveryError(error);
        // The batch was refused whole for one message: each goes alone, so one bad address
        // fails only itself.
        if (!failure.permanent) return new Map(emails.map((email) => [email.delivery, failure]));
        const failures = new Map<Delivery, DeliveryError>();
        for (const [index, email] of emails.entries()) {
          const alone = await one(email);
          if (alone !== null) failures.set(email.delivery, alone);
          // The first few refused alone as well: it is the request (the From address), not a
          // message, and every delivery stays owed until the team fixes it.
          if (index === SETUP_PROBES - 1 && failures.size === SETUP_PROBES) {
            const setup = new DeliveryError(
              `${failure.message}, for the batch and its messages alone; check the From address`,
              false,
            );
            return new Map(emails.map((each) => [each.delivery, setup]));
          }
        }
        return failures;
      }
    },
  };
}

/**
 * A refused message (400, 422) is permanent; the API's limits (429), its failures (5xx) and a
 * key it does not take (401, 403: fixed by the team, then retried) are not.
 */
function deliveryError(error: unknown): DeliveryError {
  if (!(error instanceof EmailApiError)) {
    return new DeliveryError(
      `an unexpected ${error instanceof Error ? error.name : 'error'}`,
      false,
    );
  }
  if (error.status === null) {
    return new DeliveryError(
      error.unknownOutcome
        ? 'the email API did not answer in time'
        : 'the email API could not be reached',
      false,
      null,
      error.unknownOutcome,
    );
  }
  const permanent = error.status === 400 || error.status === 422;
  return new DeliveryError(
    `the email API answered ${String(error.status)}`,
    permanent,
    error.retryAfterMs,
  );
}
