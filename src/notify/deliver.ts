import pRetry, { AbortError } from 'p-retry';
import type { Channel } from '../schema/notifications.ts';
import { DeliveryError } from './channels/http.ts';
import type { Delivery } from './plan.ts';

export interface DeliveryPolicy {
  /** Retries after the first attempt, with exponential backoff and jitter. */
  readonly retries: number;
  readonly minRetryMs: number;
  readonly maxRetryMs: number;
  /** A receiver's Retry-After longer than this is not waited for: the delivery fails for now. */
  readonly maxRetryAfterMs: number;
  readonly timeoutMs: number;
}

export const DEFAULT_POLICY: DeliveryPolicy = {
  retries: 4,
  minRetryMs: 1000,
  maxRetryMs: 30_000,
  maxRetryAfterMs: 120_000,
  timeoutMs: 15_000,
};

/**
 * How many messages go to one target at once. Slack allows about one message a second per
 * incoming webhook and Discord 5 per 2 s per webhook; GitHub asks for content creation one
 * request at a time; SMTP servers and webhook receivers take a few connections each.
 */
export const CONCURRENCY: Readonly<Record<Channel, number>> = {
  webhook: 8,
  slack: 1,
  discord: 1,
  teams: 2,
  email: 4,
  github: 1,
};

/**
 * How many of one target's deliveries are marked in the ledger and sent together. At most one
 * batch per target is in flight, so a run stopped at any instant has at most this many sends
 * per target whose outcome it cannot know; the ledger writes stay few for long email lists.
 */
export const BATCH: Readonly<Record<Channel, number>> = {
  webhook: 8,
  slack: 1,
  discord: 1,
  teams: 1,
  email: 20,
  github: 1,
};

export type DeliveryOutcome =
  | { readonly delivery: Delivery; readonly ok: true; readonly attempts: number }
  | {
      readonly delivery: Delivery;
      readonly ok: false;
      readonly attempts: number;
      readonly permanent: boolean;
      /** The last attempt may have arrived: it timed out or was cut off after sending. */
      readonly unknown: boolean;
      readonly error: string;
    };

/**
 * Sends one delivery, retried with backoff. A failure whose outcome is unknown (a timeout) is
 * retried only where the receiver drops repeats (`deduplicates`): elsewhere a retry could
 * deliver the message twice, so it is left for the ledger to decide.
 */
export async function deliverOne(
  delivery: Delivery,
  send: (delivery: Delivery) => Promise<void>,
  policy: DeliveryPolicy,
  deduplicates: boolean,
  log: (line: string) => void,
): Promise<DeliveryOutcome> {
  let attempts = 0;
  try {
    await pRetry(
      async () => {
        attempts++;
        try {
          await send(delivery);
        } catch (error) {
          const failure = asDeliveryError(error);
          if (failure.permanent || (failure.unknownOutcome && !deduplicates)) {
            throw new AbortError(failure);
          }
          if (failure.retryAfterMs !== null && failure.retryAfterMs > policy.maxRetryAfterMs) {
            throw new AbortError(failure);
          }
          throw failure;
        }
      },
      {
        retries: policy.retries,
        minTimeout: policy.minRetryMs,
        maxTimeout: policy.maxRetryMs,
        factor: 2,
        randomize: true,
        onFailedAttempt: async ({ error, retriesLeft, retryDelay }) => {
          if (retriesLeft === 0) return;
          const failure = asDeliveryError(error);
          log(`${describe(delivery)}: ${failure.message}; trying again.`);
          // Honour Retry-After: wait what the receiver asked, beyond p-retry's own backoff.
          const extra = (failure.retryAfterMs ?? 0) - retryDelay;
          if (extra > 0) await new Promise((resolve) => setTimeout(resolve, extra));
        },
      },
    );
    return { delivery, ok: true, attempts };
  } catch (error) {
    const failure = asDeliveryError(error);
    return {
      delivery,
      ok: false,
      attempts,
      permanent: failure.permanent,
      unknown: failure.unknownOutcome && !deduplicates,
      error: failure.message,
    };
  }
}

/** `2026-11-23-api-errors (Investigating, 09:12) → ops (webhook)`: no URL, no address. */
export function describe(delivery: Delivery): string {
  const recipient = delivery.recipient.id ? ` subscriber ${delivery.recipient.id.slice(0, 8)}` : '';
  return `${delivery.event.entry.id} update ${delivery.event.update.at} → ${delivery.target.id} (${delivery.target.channel})${recipient}`;
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  // Unknown errors may carry a URL or an address in their text: only their kind is kept.
  const name = error instanceof Error ? error.name : 'Error';
  return new DeliveryError(`an unexpected ${name}`, false);
}
