import type { Ledger, Slot } from './ledger.ts';

/** A change to one event's slots; it may run more than once (on a compare-and-swap conflict). */
export type SlotChange = (slots: Record<string, Slot>) => void;

interface Pending {
  readonly changes: SlotChange[];
  readonly waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Writes slot changes to the ledger, one event file at a time, gathering every change that
 * arrives while a write is under way into the next write (a group commit). Targets sending in
 * parallel, and one target's "record batch N" with its "mark batch N+1", so share writes.
 * Each caller's promise settles when the write holding its change has landed, or failed.
 */
export class RecordWriter {
  readonly #ledger: Ledger;
  readonly #entryOf: (event: string) => string;
  readonly #pending = new Map<string, Pending>();
  readonly #running = new Set<string>();

  constructor(ledger: Ledger, entryOf: (event: string) => string) {
    this.#ledger = ledger;
    this.#entryOf = entryOf;
  }

  apply(event: string, change: SlotChange): Promise<void> {
    let pending = this.#pending.get(event);
    if (!pending) {
      pending = { changes: [], waiters: [] };
      this.#pending.set(event, pending);
    }
    pending.changes.push(change);
    const done = new Promise<void>((resolve, reject) => {
      pending.waiters.push({ resolve, reject });
    });
    if (!this.#running.has(event)) void this.#drain(event);
    return done;
  }

  async #drain(event: string): Promise<void> {
    this.#running.add(event);
    try {
      // Changes queued in the same turn (a record and the next mark) go in one write.
      await new Promise((resolve) => setImmediate(resolve));
      for (let batch = this.#pending.get(event); batch; batch = this.#pending.get(event)) {
        this.#pending.delete(event);
        try {
          await this.#ledger.update(event, (current) => {
            const slots: Record<string, Slot> = { ...current?.slots };
            const before = JSON.stringify(slots);
            for (const change of batch.changes) change(slots);
            if (JSON.stringify(slots) === before) return null;
            return { entry: current?.entry ?? this.#entryOf(event), slots };
          });
          for (const waiter of batch.waiters) waiter.resolve();
        } catch (error) {
          for (const waiter of batch.waiters) waiter.reject(error);
        }
      }
    } finally {
      this.#running.delete(event);
    }
  }
}
