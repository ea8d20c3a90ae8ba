import type { EventRecord, Slot } from './ledger.ts';

/**
 * How an event's record is stored. An email target with a long list puts one slot per
 * subscriber in the record, nearly all alike ("delivered by run R at T", one mark per batch),
 * so identical slots are stored once with the keys that share them: a record of 100,000
 * deliveries stays a few megabytes rather than fifteen, and its rewrites stay cheap. Records
 * written before packing (only `slots`) read unchanged.
 */
interface StoredRecord {
  readonly entry: string;
  readonly slots?: Readonly<Record<string, Slot>>;
  /** Slots shared by several keys: the slot, then the keys. */
  readonly packed?: readonly (readonly [Slot, readonly string[]])[];
}

/** Below this many slots a record is written one slot per line, for people to read. */
const READABLE_SLOTS = 200;

export function encodeRecord(record: EventRecord): string {
  const keys = Object.keys(record.slots);
  if (keys.length < READABLE_SLOTS) return `${JSON.stringify(record, null, 1)}\n`;
  const groups = new Map<string, { slot: Slot; keys: string[] }>();
  for (const key of keys) {
    const slot = record.slots[key];
    if (slot === undefined) continue;
    const id = JSON.stringify(slot);
    const group = groups.get(id) ?? { slot, keys: [] };
    group.keys.push(key);
    groups.set(id, group);
  }
  const slots: Record<string, Slot> = {};
  const packed: [Slot, string[]][] = [];
  for (const group of groups.values()) {
    const [only] = group.keys;
    if (group.keys.length === 1 && only !== undefined) slots[only] = group.slot;
    else packed.push([group.slot, group.keys]);
  }
  const stored: StoredRecord = { entry: record.entry, slots, packed };
  return `${JSON.stringify(stored)}\n`;
}

export function decodeRecord(value: unknown): EventRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const stored = value as StoredRecord;
  const slots: Record<string, Slot> = { ...stored.slots };
  for (const [slot, keys] of stored.packed ?? []) {
    for (const key of keys) slots[key] = slot;
  }
  return { entry: stored.entry, slots };
}
