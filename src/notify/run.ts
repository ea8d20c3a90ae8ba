import pLimit from 'p-limit';
import type { SiteContent } from '../domain/model.ts';
import type { Channel } from '../schema/notifications.ts';
import {
  BATCH,
  CONCURRENCY,
  deliverGroup,
  type DeliveryOutcome,
  type DeliveryPolicy,
} from './deliver.ts';
import { notificationEvents, type NotificationEvent } from './events.ts';
import type { EventRecord, Ledger, Marker, Slot } from './ledger.ts';
import { plannedDeliveries, slotOf, type Delivery } from './plan.ts';
import { RecordWriter } from './record-writer.ts';
import { EMAIL_API } from './channels/email-api.ts';
import { usesEmailApi, type Senders } from './senders.ts';
import { isFinal, markable, recorded, viewOf, type RunView, type SlotView } from './slots.ts';
import type { Target } from './targets.ts';

/** Channels whose receivers drop a repeated key: a resend there never shows twice. */
export const DEDUPLICATING: ReadonlySet<Channel> = new Set(['webhook', 'github']);

export interface NotifyOptions {
  readonly content: SiteContent;
  readonly targets: readonly Target[];
  readonly ledger: Ledger;
  readonly senders: Senders;
  readonly now: number;
  /** This run in the ledger: unique per process (a workflow run id plus a random part). */
  readonly runId: string;
  /** A mark older than this (by the wall clock) belongs to a run that stopped. */
  readonly leaseMs: number;
  readonly policy: DeliveryPolicy;
  /** Reads the ledger and sends nothing, writes nothing. */
  readonly dryRun: boolean;
  /** Some target could not be planned (its subscribers could not be read): settle nothing. */
  readonly incomplete?: boolean;
  /** Marks every unconfirmed delivery as accepted, so it is no longer reported. */
  readonly acknowledge?: boolean;
  readonly log: (line: string) => void;
  /** Who this process is, to tell whether a mark's run is still alive (see process-view.ts). */
  readonly self?: { readonly host?: string; readonly pid?: number };
  readonly isAlive?: (marker: Marker) => boolean | null;
  readonly wallClock?: () => number;
}

export type Failure = Extract<DeliveryOutcome, { ok: false }>;

export interface NotifySummary {
  /** The first run recorded the watermark and sent nothing for the past. */
  readonly firstRun: boolean;
  /** What this run set out to send (on a dry run: what it would send). */
  readonly owed: readonly Delivery[];
  readonly sent: readonly Delivery[];
  /** Sent again because an earlier send's outcome was unknown: it may have arrived twice. */
  readonly resent: readonly Delivery[];
  readonly failed: readonly Failure[];
  /** Sent, with no answer: resent on the next run (at-least-once) or left unconfirmed. */
  readonly unsure: readonly Delivery[];
  /** The outcome is unknown and it is not sent again; reported until acknowledged. */
  readonly unconfirmed: readonly Delivery[];
  readonly acknowledged: readonly Delivery[];
  /** Being delivered by another run. */
  readonly skipped: number;
  /** Why the run stopped early (the ledger could not be written), or null. */
  readonly stopped: string | null;
  /** Sent, but the ledger did not take the record: the next run may send them again. */
  readonly unrecorded: readonly Delivery[];
}

/**
 * One notify run. It reads only what is still open (the watermark, the settled events, then each
 * open event's record), then works target by target, in time order, one small batch at a time:
 * mark the batch as sending in the ledger, send it, record the outcomes. So a run stopped at any
 * instant has lost nothing: what it never marked is still owed, what it marked but never
 * recorded was in flight, and is sent once more (at-least-once) or reported (at-most-once).
 */
export async function runNotify(options: NotifyOptions): Promise<NotifySummary> {
  const { ledger, now } = options;
  const since = await ledger.watermark();
  if (since === null) {
    if (!options.dryRun) await ledger.setWatermark(now);
    return { ...EMPTY, firstRun: true };
  }
  const settled = await ledger.settled();
  const events = notificationEvents(options.content, now).filter(
    (event) => event.update.time > since && !settled.has(event.key),
  );
  const planned = plannedDeliveries(events, options.targets);
  const records = await readRecords(ledger, events);
  const wallClock = options.wallClock ?? Date.now;
  const view: RunView = {
    run: options.runId,
    wallNow: wallClock(),
    leaseMs: options.leaseMs,
    isAlive: options.isAlive ?? (() => null),
  };
  const atLeastOnce = (target: Target) =>
    DEDUPLICATING.has(target.channel) || target.config.delivery === 'at-least-once';
  const views = new Map<Delivery, SlotView>(
    planned.map((delivery) => [
      delivery,
      viewOf(
        records.get(delivery.event.key)?.slots[slotOf(delivery)],
        view,
        atLeastOnce(delivery.target),
      ),
    ]),
  );
  const inView = (...wanted: SlotView[]) =>
    planned.filter((d) => wanted.includes(views.get(d) ?? 'done'));
  const owed = inView('owed', 'resend');
  const skipped = inView('busy').length;
  if (options.dryRun) {
    return { ...EMPTY, owed, skipped, unconfirmed: inView('unresolved', 'unconfirm') };
  }

  const marker = (): Marker => ({
    run: options.runId,
    at: new Date(wallClock()).toISOString(),
    ...options.self,
  });
  const entryOf = new Map(events.map((event) => [event.key, event.entry.id]));
  const writer = new RecordWriter(ledger, (event) => entryOf.get(event) ?? '');
  const finalSlots = new Map<Delivery, Slot | undefined>(
    planned.map((d) => [d, records.get(d.event.key)?.slots[slotOf(d)]]),
  );
  const state = new RunState();

  // Unknown outcomes that are not to be sent again become unconfirmed; acknowledged on request.
  const closing = [...inView('unconfirm'), ...(options.acknowledge ? inView('unresolved') : [])];
  await Promise.all(
    closing.map((delivery) =>
      writer
        .apply(delivery.event.key, (slots) => {
          const slot = slots[slotOf(delivery)];
          const current = viewOf(slot, view, atLeastOnce(delivery.target));
          if (current === 'unconfirm' || (current === 'unresolved' && options.acknowledge)) {
            const next: Slot = {
              ...marker(),
              state: options.acknowledge ? 'acknowledged' : 'unconfirmed',
            };
            slots[slotOf(delivery)] = next;
            finalSlots.set(delivery, next);
          }
        })
        .catch((error: unknown) => {
          state.stop(error);
        }),
    ),
  );
  for (const delivery of closing) {
    const slot = finalSlots.get(delivery);
    if (slot?.state === 'acknowledged') state.acknowledged.push(delivery);
  }
  state.unconfirmed.push(
    ...planned.filter((d) => {
      const slot = finalSlots.get(d);
      return slot?.state === 'unconfirmed';
    }),
  );

  const byTarget = new Map<Target, Delivery[]>();
  for (const delivery of owed) {
    const list = byTarget.get(delivery.target) ?? [];
    list.push(delivery);
    byTarget.set(delivery.target, list);
  }
  await Promise.all(
    [...byTarget].map(([target, deliveries]) =>
      deliverTarget(target, deliveries, {
        options,
        writer,
        view,
        marker,
        state,
        finalSlots,
        atLeastOnce: atLeastOnce(target),
      }),
    ),
  );

  if (state.stopped === null && options.incomplete !== true) {
    const done = events.filter((event) =>
      planned.filter((d) => d.event === event).every((d) => isFinal(finalSlots.get(d))),
    );
    await ledger.addSettled(done.map((event) => event.key)).catch((error: unknown) => {
      state.stop(error);
    });
  }
  // Targets send in parallel; the summary lists in plan order, the same on every run.
  const order = new Map(planned.map((delivery, index) => [delivery, index]));
  const inOrder = <T extends Delivery | Failure>(list: T[]) =>
    list.sort((a, b) => (order.get(deliveryOf(a)) ?? 0) - (order.get(deliveryOf(b)) ?? 0));
  return {
    firstRun: false,
    owed,
    sent: inOrder(state.sent),
    resent: inOrder(state.resent),
    failed: inOrder(state.failed),
    unsure: inOrder(state.unsure),
    unconfirmed: inOrder(state.unconfirmed),
    acknowledged: inOrder(state.acknowledged),
    skipped: skipped + state.busy,
    stopped: state.stopped,
    unrecorded: state.unrecorded,
  };
}

function deliveryOf(item: Delivery | Failure): Delivery {
  return 'delivery' in item ? item.delivery : item;
}

const EMPTY: Omit<NotifySummary, 'firstRun'> & { firstRun: boolean } = {
  firstRun: false,
  owed: [],
  sent: [],
  resent: [],
  failed: [],
  unsure: [],
  unconfirmed: [],
  acknowledged: [],
  skipped: 0,
  stopped: null,
  unrecorded: [],
};

class RunState {
  readonly sent: Delivery[] = [];
  readonly resent: Delivery[] = [];
  readonly failed: Failure[] = [];
  readonly unsure: Delivery[] = [];
  readonly unconfirmed: Delivery[] = [];
  readonly acknowledged: Delivery[] = [];
  readonly unrecorded: Delivery[] = [];
  busy = 0;
  stopped: string | null = null;

  stop(error: unknown): void {
    this.stopped ??= error instanceof Error ? error.message : String(error);
  }
}

interface TargetRun {
  readonly options: NotifyOptions;
  readonly writer: RecordWriter;
  readonly view: RunView;
  readonly marker: () => Marker;
  readonly state: RunState;
  readonly finalSlots: Map<Delivery, Slot | undefined>;
  readonly atLeastOnce: boolean;
}

/**
 * One target's deliveries, oldest update first, a batch at a time. A subscriber whose earlier
 * update of an incident did not go out gets none of its later ones in this run, so an email
 * thread (or a chat channel) never reads out of order.
 */
async function deliverTarget(
  target: Target,
  deliveries: readonly Delivery[],
  run: TargetRun,
): Promise<void> {
  const { options, state } = run;
  const api = usesEmailApi(target);
  const limit = pLimit(api ? EMAIL_API.concurrency : CONCURRENCY[target.channel]);
  const groupSize = options.senders.groupSize(target);
  const held = new Set<string>();
  const threadOf = (d: Delivery) => `${d.event.entry.id}\n${d.recipient.id}`;
  let recording: Promise<void> = Promise.resolve();
  for (const batch of batches(deliveries, api ? EMAIL_API.batch : BATCH[target.channel])) {
    if (state.stopped !== null) break;
    const ready = batch.filter((d) => !held.has(threadOf(d)));
    if (ready.length === 0) continue;
    const mine = new Map<Delivery, { resend: boolean }>();
    // The previous batch's record and this batch's mark are queued together: one write.
    const marking = markBatch(ready, run, mine);
    try {
      await Promise.all([recording, marking]);
    } catch (error) {
      state.stop(error);
      break;
    }
    for (const d of ready) if (!mine.has(d)) held.add(threadOf(d));
    state.busy += ready.length - mine.size;
    const groups = [...batches([...mine.keys()], groupSize)];
    const outcomes = (
      await Promise.all(
        groups.map((group) =>
          limit(() =>
            deliverGroup(
              group,
              (pending) => options.senders.send(pending),
              options.policy,
              DEDUPLICATING.has(target.channel),
              options.log,
            ),
          ),
        ),
      )
    ).flat();
    for (const outcome of outcomes) {
      if (!outcome.ok) held.add(threadOf(outcome.delivery));
    }
    recording = recordBatch(outcomes, mine, run);
  }
  try {
    await recording;
  } catch (error) {
    state.stop(error);
  }
}

function markBatch(
  batch: readonly Delivery[],
  run: TargetRun,
  mine: Map<Delivery, { resend: boolean }>,
): Promise<void> {
  const event = batch[0]?.event.key ?? '';
  return run.writer.apply(event, (slots) => {
    mine.clear();
    for (const delivery of batch) {
      const slot = slotOf(delivery);
      const mark = markable(slots[slot], run.view, run.atLeastOnce);
      if (mark === null) continue;
      slots[slot] = {
        ...run.marker(),
        state: 'sending',
        ...(mark.resend ? { resend: true } : {}),
      };
      mine.set(delivery, mark);
    }
  });
}

function recordBatch(
  outcomes: readonly DeliveryOutcome[],
  mine: ReadonlyMap<Delivery, { resend: boolean }>,
  run: TargetRun,
): Promise<void> {
  const { state } = run;
  const results = outcomes.map((outcome) => {
    const resend = mine.get(outcome.delivery)?.resend ?? false;
    return { outcome, resend };
  });
  for (const { outcome, resend } of results) {
    if (outcome.ok) (resend ? state.resent : state.sent).push(outcome.delivery);
    else if (!outcome.unknown) state.failed.push(outcome);
    // No answer: one more try is allowed unless this was it, or the target is at-most-once.
    else if (run.atLeastOnce && !resend) state.unsure.push(outcome.delivery);
    else state.unconfirmed.push(outcome.delivery);
  }
  const event = outcomes[0]?.delivery.event.key;
  if (event === undefined) return Promise.resolve();
  const marker = run.marker();
  return run.writer
    .apply(event, (slots) => {
      for (const { outcome, resend } of results) {
        const slot = slotOf(outcome.delivery);
        const result = outcome.ok
          ? { ok: true, attempts: outcome.attempts, permanent: false, unknown: false, error: '' }
          : outcome;
        const next = recorded(slots[slot], result, marker, resend, run.atLeastOnce);
        slots[slot] = next;
        run.finalSlots.set(outcome.delivery, next);
      }
    })
    .catch((error: unknown) => {
      state.unrecorded.push(...outcomes.filter((o) => o.ok).map((o) => o.delivery));
      throw error;
    });
}

/** Consecutive runs of the same event, at most `size` long: one ledger file per batch. */
function* batches(deliveries: readonly Delivery[], size: number): Generator<Delivery[]> {
  let batch: Delivery[] = [];
  for (const delivery of deliveries) {
    if (batch.length === size || (batch[0] && batch[0].event !== delivery.event)) {
      yield batch;
      batch = [];
    }
    batch.push(delivery);
  }
  if (batch.length > 0) yield batch;
}

async function readRecords(
  ledger: Ledger,
  events: readonly NotificationEvent[],
): Promise<Map<string, EventRecord | null>> {
  const records = new Map<string, EventRecord | null>();
  const limit = pLimit(8);
  await Promise.all(
    events.map((event) =>
      limit(async () => {
        records.set(event.key, await ledger.read(event.key));
      }),
    ),
  );
  return records;
}
