import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventRecord, Slot } from '../src/notify/ledger.ts';
import { decodeRecord, encodeRecord } from '../src/notify/ledger-format.ts';

/** The stored form of an event's record: packed when large, read back exactly. */
const slot: fc.Arbitrary<Slot> = fc.oneof(
  fc.record({
    run: fc.constantFrom('r1', 'r2'),
    at: fc.constantFrom('2026-11-23T10:00:00.000Z', '2026-11-23T10:00:05.000Z'),
    state: fc.constant('delivered' as const),
  }),
  fc.record({
    run: fc.constant('r1'),
    at: fc.constant('2026-11-23T10:00:00.000Z'),
    state: fc.constant('failed' as const),
    attempts: fc.integer({ min: 1, max: 5 }),
    permanent: fc.boolean(),
    error: fc.constantFrom('the receiver answered 500', 'the email API answered 429'),
  }),
);

describe('ledger records as stored', () => {
  it('read back exactly as written, small or large', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}\.[0-9a-f]{20}$/), slot, { maxKeys: 600 }),
        (slots) => {
          const record: EventRecord = { entry: '2026-11-23-api', slots };
          const stored = encodeRecord(record);
          expect(decodeRecord(JSON.parse(stored))).toEqual(record);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('store identical slots once for a long list', () => {
    const delivered: Slot = { run: 'r1', at: '2026-11-23T10:00:00.000Z', state: 'delivered' };
    const slots = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, index) => [
        `subscribers.${index.toString(16).padStart(20, '0')}`,
        delivered,
      ]),
    );
    const stored = encodeRecord({ entry: 'e', slots });
    // The keys alone, quoted and comma-separated: 35 bytes each; one slot per key is 95.
    expect(stored.length).toBeLessThan(10_000 * 36);
    expect(stored.match(/"delivered"/g)).toHaveLength(1);
  });

  it('reads records written before packing', () => {
    const old = { entry: 'e', slots: { 'ops.': { run: 'r', at: 't', state: 'delivered' } } };
    expect(decodeRecord(old)).toEqual(old);
  });
});
