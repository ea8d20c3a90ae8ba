import type { Marker, Slot } from './ledger.ts';

/**
 * The delivery protocol's rules, pure: what a slot in the ledger means for this run, and what
 * it becomes when this run marks, sends and records it.
 *
 *   (none) ──mark──▶ sending ──sent──▶ delivered
 *                      │ └──refused──▶ failed (retried next run unless permanent)
 *                      └──no answer──▶ unsure ──mark again──▶ sending (resend) ──▶ …
 *   sending, and its run is gone ──▶ like unsure
 *   unsure, at-most-once, or after a resend ──▶ unconfirmed ──acknowledge──▶ acknowledged
 */

/** What this run may tell about the run that wrote a marker. */
export interface RunView {
  readonly run: string;
  /** Now, by the wall clock: leases are about processes, not about the content's "now". */
  readonly wallNow: number;
  readonly leaseMs: number;
  /** Whether the process that wrote the marker still runs, or null when this run cannot tell. */
  isAlive(marker: Marker): boolean | null;
}

export type SlotView =
  /** Delivered, failed for good, or acknowledged: nothing more to do. */
  | 'done'
  /** Another run is sending it now. */
  | 'busy'
  /** Never sent, or refused and worth another try. */
  | 'owed'
  /** Its outcome is unknown and it may be sent once more (at-least-once). */
  | 'resend'
  /** Its outcome is unknown and it is not sent again: to be marked unconfirmed. */
  | 'unconfirm'
  /** Unconfirmed: reported on every run until a person acknowledges it. */
  | 'unresolved';

export function viewOf(slot: Slot | undefined, run: RunView, atLeastOnce: boolean): SlotView {
  if (slot === undefined) return 'owed';
  switch (slot.state) {
    case 'delivered':
    case 'acknowledged':
      return 'done';
    case 'failed':
      return slot.permanent ? 'done' : 'owed';
    case 'unconfirmed':
      return 'unresolved';
    case 'unsure':
      return atLeastOnce && !slot.resend ? 'resend' : 'unconfirm';
    case 'sending':
    case 'claimed': {
      if (slot.run === run.run) return 'owed';
      if (!isGone(slot, run)) return 'busy';
      const resent = slot.state === 'sending' && slot.resend === true;
      return atLeastOnce && !resent ? 'resend' : 'unconfirm';
    }
  }
}

/** A marker's run is gone when it is known dead on this machine, or its lease ran out. */
function isGone(marker: Marker, run: RunView): boolean {
  if (run.isAlive(marker) === false) return true;
  return run.wallNow - Date.parse(marker.at) >= run.leaseMs;
}

/** Whether this run may mark the slot as sending now, and whether that send is a resend. */
export function markable(
  slot: Slot | undefined,
  run: RunView,
  atLeastOnce: boolean,
): { resend: boolean } | null {
  // A retried write that landed shows this run's own mark: it is still this run's to send.
  if (slot?.state === 'sending' && slot.run === run.run) return { resend: slot.resend === true };
  const view = viewOf(slot, run, atLeastOnce);
  if (view === 'owed') return { resend: false };
  if (view === 'resend') return { resend: true };
  return null;
}

export interface SendResult {
  readonly ok: boolean;
  readonly attempts: number;
  readonly permanent: boolean;
  readonly unknown: boolean;
  readonly error: string;
}

/** The slot after a send: delivered, failed, unsure (one more try allowed) or unconfirmed. */
export function recorded(
  previous: Slot | undefined,
  result: SendResult,
  marker: Marker,
  resend: boolean,
  atLeastOnce: boolean,
): Slot {
  if (result.ok) return { ...marker, state: 'delivered', ...(resend ? { resent: true } : {}) };
  if (result.unknown) {
    return atLeastOnce && !resend
      ? { ...marker, state: 'unsure' }
      : { ...marker, state: 'unconfirmed' };
  }
  const attempts = (previous?.state === 'failed' ? previous.attempts : 0) + result.attempts;
  return {
    ...marker,
    state: 'failed',
    attempts,
    permanent: result.permanent,
    error: result.error,
  };
}

/** A slot no run will change again on its own. */
export function isFinal(slot: Slot | undefined): boolean {
  if (slot === undefined) return false;
  return (
    slot.state === 'delivered' ||
    slot.state === 'acknowledged' ||
    (slot.state === 'failed' && slot.permanent)
  );
}
