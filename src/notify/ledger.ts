import { GitHubError, type GitHub } from '../github/types.ts';
import { decodeRecord, encodeRecord } from './ledger-format.ts';

/**
 * The record of what was delivered, kept outside `main`: one JSON file per event on a dedicated
 * branch, written through GitHub's contents API. Every write names the blob sha it replaces, so
 * GitHub refuses it (409) when another run wrote first; the write is then redone on the newer
 * record. That compare-and-swap is what keeps two racing runs from sending the same delivery.
 *
 * Two small files keep a run with nothing owed at O(1) requests however long the history:
 * `ledger/watermark.json` (when notifications began) and `ledger/settled.json` (the events
 * whose every delivery is final), so only events still open are read.
 */

/** Who marked a slot: the run, and enough to tell on the same machine whether it still lives. */
export interface Marker {
  readonly run: string;
  readonly at: string;
  /** A hash of the machine's name and boot time: equal only on the same machine. */
  readonly host?: string;
  readonly pid?: number;
}

export type Slot =
  /** The run is sending it now: marked just before the send. `resend`: a second try after an
   * unknown outcome, which is never tried a third time. */
  | (Marker & { readonly state: 'sending'; readonly resend?: boolean })
  /** Written by earlier versions just before sending a whole event; read like `sending`. */
  | (Marker & { readonly state: 'claimed' })
  | (Marker & { readonly state: 'delivered'; readonly resent?: boolean })
  | (Marker & {
      readonly state: 'failed';
      readonly attempts: number;
      readonly permanent: boolean;
      readonly error: string;
    })
  /** The send may or may not have arrived (a timeout, a run that died mid-send). */
  | (Marker & { readonly state: 'unsure'; readonly resend?: boolean })
  /** Unsure, and not to be sent again (at-most-once, or a resend that was unsure too). */
  | (Marker & { readonly state: 'unconfirmed' })
  /** Unconfirmed, and accepted by a person (`statusmark notify --acknowledge`). */
  | (Marker & { readonly state: 'acknowledged' });

export interface EventRecord {
  readonly entry: string;
  /** By slot: `<target id>[.<recipient id>]`. */
  readonly slots: Readonly<Record<string, Slot>>;
}

export interface Ledger {
  /** Updates at or before this time were published before notifications began; null on the first run. */
  watermark(): Promise<number | null>;
  /** Records the watermark unless one exists; returns the one that holds. */
  setWatermark(time: number): Promise<number>;
  /** Events whose every delivery is final: never read again. */
  settled(): Promise<ReadonlySet<string>>;
  addSettled(events: readonly string[]): Promise<void>;
  read(event: string): Promise<EventRecord | null>;
  /**
   * Applies `change` to the event's record and writes it, redoing both when another run wrote
   * first; `change` returns null when there is nothing to write.
   */
  update(
    event: string,
    change: (current: EventRecord | null) => EventRecord | null,
  ): Promise<EventRecord | null>;
}

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
}

/** Compare-and-swap rounds before giving up on a record that keeps changing. */
const CAS_ATTEMPTS = 20;
/** A write that fails (GitHub down, a timeout) is tried again after these waits. */
const WRITE_RETRY_MS = [1000, 4000, 10_000];

export interface LedgerOptions {
  readonly branch: string;
  /** The branch the ledger branch starts from when it does not exist yet. */
  readonly baseBranch: string;
  /** Waits between failed writes; tests shorten them. */
  readonly retryMs?: readonly number[];
}

/**
 * The ledger on GitHub. Reading never writes: the branch is created on the first write, so a
 * dry run or a forecast leaves the repository as it was.
 */
export function githubLedger(github: GitHub, options: LedgerOptions): Ledger {
  const { branch } = options;
  const retryMs = options.retryMs ?? WRITE_RETRY_MS;
  let branchReady: Promise<void> | undefined;
  const ensureBranch = () => {
    branchReady ??= (async () => {
      if ((await github.branchSha(branch)) !== null) return;
      const base = await github.branchSha(options.baseBranch);
      if (base === null) throw new LedgerError(`The branch ${options.baseBranch} does not exist.`);
      // "exists" means a racing run created it a moment ago: either way it is there now.
      await github.createBranch(branch, base);
    })().catch((error: unknown) => {
      branchReady = undefined;
      throw error;
    });
    return branchReady;
  };
  const readJson = async (path: string): Promise<{ value: unknown; sha: string } | null> => {
    const file = await github.getFile(path, branch);
    if (file === null) return null;
    try {
      return { value: JSON.parse(file.text) as unknown, sha: file.sha };
    } catch {
      throw new LedgerError(
        `The ledger file ${path} on ${branch} is not JSON; restore it from its history.`,
      );
    }
  };
  /** One compare-and-swap loop, retried as a whole when GitHub fails. */
  const casWrite = async <T>(
    path: string,
    message: string,
    next: (current: unknown) => { value: unknown; result: T; text?: string } | null,
  ): Promise<T | null> => {
    await withRetries(retryMs, ensureBranch);
    return withRetries(retryMs, async () => {
      for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
        const current = await readJson(path);
        const change = next(current?.value ?? null);
        if (change === null) return null;
        const written = await github.putFile({
          path,
          branch,
          text: change.text ?? `${JSON.stringify(change.value, null, 1)}\n`,
          message,
          ...(current === null ? {} : { sha: current.sha }),
        });
        if (written === 'written') return change.result;
      }
      throw new LedgerError(
        `The ledger file ${path} kept changing under ${CAS_ATTEMPTS} attempts; run notify again.`,
      );
    });
  };
  const eventPath = (event: string) => `ledger/events/${event}.json`;

  const watermark = async (): Promise<number | null> => {
    const file = await readJson('ledger/watermark.json');
    return file === null ? null : Date.parse((file.value as { since: string }).since);
  };

  return {
    watermark,
    async setWatermark(time) {
      const since = new Date(time).toISOString();
      const kept = await casWrite('ledger/watermark.json', 'Notifications start', (current) =>
        current === null ? { value: { since }, result: time } : null,
      );
      return kept ?? (await watermark()) ?? time;
    },
    async settled() {
      const file = await readJson('ledger/settled.json');
      const events = (file?.value as { events?: unknown } | undefined)?.events;
      return new Set(Array.isArray(events) ? events.map(String) : []);
    },
    async addSettled(events) {
      if (events.length === 0) return;
      await casWrite('ledger/settled.json', `Settled ${events.length} events`, (current) => {
        const known = (current as { events?: unknown } | null)?.events;
        const all = new Set(Array.isArray(known) ? known.map(String) : []);
        const before = all.size;
        for (const event of events) all.add(event);
        return all.size === before ? null : { value: { events: [...all].sort() }, result: true };
      });
    },
    async read(event) {
      return decodeRecord((await readJson(eventPath(event)))?.value);
    },
    async update(event, change) {
      return casWrite(eventPath(event), `Deliveries of ${event}`, (current) => {
        const next = change(decodeRecord(current));
        return next === null ? null : { value: next, result: next, text: encodeRecord(next) };
      });
    },
  };
}

async function withRetries<T>(waits: readonly number[], work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const wait = waits[attempt];
      // Only GitHub failing is worth waiting out; a LedgerError says what to do instead.
      if (wait === undefined || !(error instanceof GitHubError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
