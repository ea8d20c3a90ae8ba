import type { GitHub } from '../github/client.ts';

/**
 * The record of what was delivered, kept outside `main`: one JSON file per event on a dedicated
 * branch, written through GitHub's contents API. Every write names the blob sha it replaces, so
 * GitHub refuses it (409) when another run wrote first; the write is then redone on the newer
 * record. That compare-and-swap is what keeps two racing runs from claiming the same delivery.
 */

export type Slot =
  | { readonly state: 'claimed'; readonly run: string; readonly at: string }
  | { readonly state: 'delivered'; readonly run: string; readonly at: string }
  | {
      readonly state: 'failed';
      readonly run: string;
      readonly at: string;
      readonly attempts: number;
      readonly permanent: boolean;
      readonly error: string;
    }
  /** Claimed by a run that stopped before recording, on a channel that cannot de-duplicate. */
  | { readonly state: 'unconfirmed'; readonly run: string; readonly at: string };

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
  read(event: string): Promise<EventRecord | null>;
  /** Applies `change` to the event's record and writes it, redoing both when another run wrote first. */
  update(event: string, change: (current: EventRecord | null) => EventRecord): Promise<EventRecord>;
}

export class LedgerError extends Error {
  override readonly name = 'LedgerError';
}

const ATTEMPTS = 20;

export async function githubLedger(
  github: GitHub,
  branch: string,
  baseBranch: string,
): Promise<Ledger> {
  if ((await github.branchSha(branch)) === null) {
    const base = await github.branchSha(baseBranch);
    if (base === null) throw new LedgerError(`The branch ${baseBranch} does not exist.`);
    // "exists" means a racing run created it a moment ago: either way it is there now.
    await github.createBranch(branch, base);
  }
  const eventPath = (event: string) => `ledger/events/${event}.json`;
  const readJson = async (path: string): Promise<{ value: unknown; sha: string } | null> => {
    const file = await github.getFile(path, branch);
    return file === null ? null : { value: JSON.parse(file.text) as unknown, sha: file.sha };
  };
  const write = (path: string, value: unknown, message: string, sha?: string) =>
    github.putFile({
      path,
      branch,
      text: `${JSON.stringify(value, null, 1)}\n`,
      message,
      ...(sha === undefined ? {} : { sha }),
    });

  const watermark = async (): Promise<number | null> => {
    const file = await readJson('ledger/watermark.json');
    return file === null ? null : Date.parse((file.value as { since: string }).since);
  };

  return {
    watermark,
    async setWatermark(time) {
      const since = new Date(time).toISOString();
      const result = await write('ledger/watermark.json', { since }, 'Notifications start');
      if (result === 'written') return time;
      const existing = await watermark();
      if (existing === null) throw new LedgerError('The watermark could not be written or read.');
      return existing;
    },
    async read(event) {
      return ((await readJson(eventPath(event)))?.value as EventRecord | undefined) ?? null;
    },
    async update(event, change) {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const current = await readJson(eventPath(event));
        const next = change((current?.value as EventRecord | undefined) ?? null);
        const result = await write(eventPath(event), next, `Deliveries of ${event}`, current?.sha);
        if (result === 'written') return next;
      }
      throw new LedgerError(
        `The ledger record of ${event} kept changing under ${ATTEMPTS} attempts; run notify again.`,
      );
    },
  };
}
