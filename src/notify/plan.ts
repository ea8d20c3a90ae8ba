import type { NotificationEvent } from './events.ts';
import type { Recipient, Target } from './targets.ts';

/** One message owed: an event, a target and (for email) one recipient. */
export interface Delivery {
  /** `<event key>.<target id>[.<recipient id>]`: the same for every run, the dedupe key. */
  readonly key: string;
  readonly event: NotificationEvent;
  readonly target: Target;
  readonly recipient: Recipient;
}

/** The key of a delivery; also the Standard Webhooks `webhook-id` and the GitHub marker. */
export function deliveryKey(
  event: NotificationEvent,
  target: Target,
  recipient: Recipient,
): string {
  return [event.key, target.id, ...(recipient.id ? [recipient.id] : [])].join('.');
}

/** The key without the event, as stored in the event's ledger file. */
export function slotOf(delivery: Delivery): string {
  return delivery.key.slice(delivery.event.key.length + 1);
}

/**
 * Every delivery the events call for: each event × each target and recipient that follows the
 * event's components. Pure; the ledger decides which of them are still owed.
 */
export function plannedDeliveries(
  events: readonly NotificationEvent[],
  targets: readonly Target[],
): Delivery[] {
  const deliveries: Delivery[] = [];
  for (const event of events) {
    for (const target of targets) {
      for (const recipient of target.recipients) {
        if (!target.follows(recipient, event.components)) continue;
        deliveries.push({ key: deliveryKey(event, target, recipient), event, target, recipient });
      }
    }
  }
  return deliveries;
}
