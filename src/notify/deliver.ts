import pRetry from 'p-retry';
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
 * Sends a group of deliveries in one request (an email API batch) or one delivery alone,
 * retried with backoff; `send` answers which of the group failed, and only those are tried
 * again. A failure whose outcome is unknown (a timeout) is retried only where the receiver
 * drops repeats (`deduplicates`): elsewhere a retry could deliver the message twice, so it is
 * left for the ledger to decide.
 */
export async function deliverGroup(
  group: readonly Delivery[],
  send: (group: readonly Delivery[]) => Promise<ReadonlyMap<Delivery, unknown>>,
  policy: DeliveryPolicy,
  deduplicates: boolean,
  log: (line: string) => void,
): Promise<DeliveryOutcome[]> {
  const outcomes = new Map<Delivery, DeliveryOutcome>();
  let attempts = 0;
  let pending = [...group];
  const fail = (delivery: Delivery, failure: DeliveryError) => {
    outcomes.set(delivery, {
      delivery,
      ok: false,
      attempts,
      permanent: failure.permanent,
      unknown: failure.unknownOutcome && !deduplicates,
      error: failure.message,
    });
  };
  const final = (failure: DeliveryError) =>
    failure.permanent ||
    (failure.unknownOutcome && !deduplicates) ||
    (failure.retryAfterMs !== null && failure.retryAfterMs > policy.maxRetryAfterMs);
  try {
    await pRetry(
      async () => {
        attempts++;
        let failures: ReadonlyMap<Delivery, unknown>;
        try {
          failures = await send(pending);
        } catch (error) {
          failures = new Map(pending.map((delivery) => [delivery, error]));
        }
        const again: Delivery[] = [];
        let retryable: DeliveryError | null = null;
        for (const delivery of pending) {
          const error = failures.get(delivery);
          if (!failures.has(delivery)) {
            outcomes.set(delivery, { delivery, ok: true, attempts });
            continue;
          }
          const failure = asDeliveryError(error);
          if (final(failure)) {
            fail(delivery, failure);
          } else {
            again.push(delivery);
            retryable ??= failure;
          }
        }
        pending = again;
        if (retryable !== null) throw retryable;
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
          const [first] = pending;
          if (first === undefined) return;
          const others = pending.length > 1 ? ` and ${String(pending.length - 1)} more` : '';
          log(`${describe(first)}${others}: ${failure.message}; trying again.`);
          // Honour Retry-After: wait what the receiver asked, beyond p-retry's own backoff.
          const extra = (failure.retryAfterMs ?? 0) - retryDelay;
          if (extra > 0) await new Promise((resolve) => setTimeout(resolve, extra));
        },
      },
    );
  } catch (error) {
    for (const delivery of pending) fail(delivery, asDeliveryError(error));
  }
  return group.map(
    (delivery) =>
      outcomes.get(delivery) ?? {
        delivery,
        ok: false,
        attempts,
        permanent: false,
        unknown: false,
        error: 'it was not sent',
      },
  );
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
