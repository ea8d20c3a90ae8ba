import type { SiteContent } from '../domain/model.ts';
import type { Channel } from '../schema/notifications.ts';
import { deliverAll, describe, type DeliveryOutcome, type DeliveryPolicy } from './deliver.ts';
import { notificationEvents } from './events.ts';
import type { EventRecord, Ledger, Slot } from './ledger.ts';
import { plannedDeliveries, slotOf, type Delivery } from './plan.ts';
import type { Senders } from './senders.ts';
import type { Target } from './targets.ts';

/** Channels whose receivers drop a repeated key: a delivery whose outcome is unknown is resent. */
export const DEDUPLICATING: ReadonlySet<Channel> = new Set(['webhook', 'github']);

export interface NotifyOptions {
  readonly content: SiteContent;
  readonly targets: readonly Target[];
  readonly ledger: Ledger;
  readonly senders: Senders;
  readonly now: number;
  /** Identifies this run in the ledger, e.g. the workflow run id and attempt. */
  readonly runId: string;
  /** A claim older than this belongs to a run that stopped; a live run records well within it. */
  readonly leaseMs: number;
  readonly policy: DeliveryPolicy;
  readonly dryRun: boolean;
  readonly log: (line: string) => void;
}

export interface NotifySummary {
  /** The first run recorded the watermark and sent nothing for the past. */
  readonly firstRun: boolean;
  /** Owed deliveries (all of them on a dry run). */
  readonly owed: readonly Delivery[];
  readonly sent: readonly Delivery[];
  readonly failed: readonly Extract<DeliveryOutcome, { ok: false }>[];
  /** Deliveries a stopped run may or may not have sent, on channels that cannot de-duplicate. */
  readonly unconfirmed: readonly Delivery[];
  /** Already delivered, or being delivered by another run. */
  readonly skipped: number;
}

/**
 * One notify run: plan from the content and the ledger, claim what is owed (a compare-and-swap
 * per event, so racing runs split the work and never share a key), send, then record.
 */
export async function runNotify(options: NotifyOptions): Promise<NotifySummary> {
  const { ledger, now } = options;
  const empty = { owed: [], sent: [], failed: [], unconfirmed: [], skipped: 0 };
  const since = await ledger.watermark();
  if (since === null) {
    if (!options.dryRun) await ledger.setWatermark(now);
    return { firstRun: true, ...empty };
  }
  const events = notificationEvents(options.content, now).filter(
    (event) => event.update.time > since,
  );
  const planned = plannedDeliveries(events, options.targets);
  const byEvent = groupBy(planned, (delivery) => delivery.event.key);

  const claimed: Delivery[] = [];
  const unconfirmed: Delivery[] = [];
  let skipped = 0;
  for (const [eventKey, deliveries] of byEvent) {
    if (options.dryRun) {
      const record = await ledger.read(eventKey);
      const owed = deliveries.filter((delivery) =>
        isOwed(record?.slots[slotOf(delivery)], options),
      );
      claimed.push(...owed);
      skipped += deliveries.length - owed.length;
      continue;
    }
    let mine: Delivery[] = [];
    let lost: Delivery[] = [];
    await ledger.update(eventKey, (current) => {
      mine = [];
      lost = [];
      const slots: Record<string, Slot> = { ...current?.slots };
      const at = new Date(now).toISOString();
      for (const delivery of deliveries) {
        const slot = slotOf(delivery);
        const state = slots[slot];
        if (!isOwed(state, options)) continue;
        if (state?.state === 'claimed' && !DEDUPLICATING.has(delivery.target.channel)) {
          slots[slot] = { state: 'unconfirmed', run: state.run, at };
          lost.push(delivery);
          continue;
        }
        slots[slot] = { state: 'claimed', run: options.runId, at };
        mine.push(delivery);
      }
      return { entry: deliveries[0]?.event.entry.id ?? '', slots };
    });
    claimed.push(...mine);
    unconfirmed.push(...lost);
    skipped += deliveries.length - mine.length - lost.length;
  }
  if (options.dryRun) return { firstRun: false, ...empty, owed: claimed, skipped };

  for (const delivery of unconfirmed) {
    options.log(`${describe(delivery)}: a stopped run may have sent it; not sent again.`);
  }
  const outcomes = await deliverAll(
    claimed,
    (delivery) => options.senders.send(delivery),
    options.policy,
    options.log,
  );
  await record(ledger, outcomes, options);
  return {
    firstRun: false,
    owed: claimed,
    sent: outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.delivery),
    failed: outcomes.filter(
      (outcome): outcome is Extract<DeliveryOutcome, { ok: false }> => !outcome.ok,
    ),
    unconfirmed,
    skipped,
  };
}

/** Owed: never tried, failed but retryable, or claimed by a run whose lease ran out. */
function isOwed(
  slot: Slot | undefined,
  options: Pick<NotifyOptions, 'now' | 'leaseMs' | 'runId'>,
): boolean {
  if (slot === undefined) return true;
  switch (slot.state) {
    case 'delivered':
    case 'unconfirmed':
      return false;
    case 'failed':
      return !slot.permanent;
    case 'claimed':
      return slot.run !== options.runId && options.now - Date.parse(slot.at) >= options.leaseMs;
  }
}

async function record(
  ledger: Ledger,
  outcomes: readonly DeliveryOutcome[],
  options: NotifyOptions,
): Promise<void> {
  const at = new Date(options.now).toISOString();
  for (const [eventKey, results] of groupBy(outcomes, (outcome) => outcome.delivery.event.key)) {
    await ledger.update(eventKey, (current): EventRecord => {
      const slots: Record<string, Slot> = { ...current?.slots };
      for (const outcome of results) {
        const slot = slotOf(outcome.delivery);
        const previous = slots[slot];
        const attempts = (previous?.state === 'failed' ? previous.attempts : 0) + outcome.attempts;
        slots[slot] = outcome.ok
          ? { state: 'delivered', run: options.runId, at }
          : {
              state: 'failed',
              run: options.runId,
              at,
              attempts,
              permanent: outcome.permanent,
              error: outcome.error,
            };
      }
      return { entry: current?.entry ?? results[0]?.delivery.event.entry.id ?? '', slots };
    });
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
