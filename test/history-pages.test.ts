import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HISTORY_PAGE,
  numberArchive,
  pageFromOldest,
  pageHistory,
  type ArchivePage,
} from '../src/domain/site-index.ts';
import type { IncidentState } from '../src/domain/status.ts';
import type { IncidentsInMonth } from '../src/domain/timeline.ts';

/** Incidents stand in as numbered objects: paging only counts and keeps their order. */
function months(counts: readonly number[]): IncidentsInMonth[] {
  let next = 0;
  return counts.map((count, index) => ({
    month: `20${String(50 - Math.floor(index / 12)).padStart(2, '0')}-${String(12 - (index % 12)).padStart(2, '0')}`,
    incidents: Array.from({ length: count }, () => ({ n: next++ }) as unknown as IncidentState),
  }));
}

/** The pages as numbered archive pages, by number (0 the first). */
function byNumber<T>(pages: readonly (readonly T[])[]): Map<number, ArchivePage<readonly T[]>> {
  return new Map(numberArchive(pages, []).map((page) => [page.number, page] as const));
}

/** The months with one more incident, in the newest month or a month of its own. */
function withNewIncident(input: IncidentsInMonth[], ownMonth: boolean): IncidentsInMonth[] {
  const added = { n: -1 } as unknown as IncidentState;
  const [newest, ...rest] = input;
  if (ownMonth || newest === undefined) return [{ month: '2051-01', incidents: [added] }, ...input];
  return [{ ...newest, incidents: [added, ...newest.incidents] }, ...rest];
}

describe('the history archive', () => {
  it('pages by count: no page holds more than its share, whatever the history', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 180 }), { maxLength: 60 }), (counts) => {
        const input = months(counts);
        const pages = pageHistory(input, HISTORY_PAGE);
        pages.forEach((page, index) => {
          // The first page joins the two newest cuts.
          const share = index === 0 ? 2 : 1;
          expect(page.length).toBeGreaterThan(0);
          expect(page.length).toBeLessThanOrEqual(share * HISTORY_PAGE.months);
          const listed = page.reduce((sum, month) => sum + month.incidents.length, 0);
          expect(listed).toBeLessThanOrEqual(share * HISTORY_PAGE.incidents);
        });
        // Every incident once, in order; every month, split only across consecutive pages.
        const flat = pages.flat();
        expect(flat.filter((month) => !month.continued).map((month) => month.month)).toEqual(
          input.map((month) => month.month),
        );
        expect(flat.flatMap((month) => month.incidents)).toEqual(
          input.flatMap((month) => month.incidents),
        );
        expect([...new Set(flat.map((month) => month.month))]).toEqual(
          input.map((month) => month.month),
        );
      }),
    );
  });

  it('keeps every page but the first as it was when an incident is added', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 120 }), { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        (counts, ownMonth) => {
          const input = months(counts);
          const before = byNumber(pageHistory(input, HISTORY_PAGE));
          const after = byNumber(pageHistory(withNewIncident(input, ownMonth), HISTORY_PAGE));
          // At most one page is new: the older half of the first page, cut off.
          expect(after.size - before.size).toBeGreaterThanOrEqual(0);
          expect(after.size - before.size).toBeLessThanOrEqual(1);
          for (const [number, page] of before) {
            // The newest archive page's "newer" link moves to the page cut off, once.
            if (number === 0 || after.size > before.size) continue;
            expect(after.get(number)).toEqual(page);
          }
          for (const [number, page] of before) {
            if (number !== 0) expect(after.get(number)?.items).toEqual(page.items);
          }
        },
      ),
    );
  });

  it('keeps a month with more incidents than a page under its heading on the older page', () => {
    const pages = pageHistory(months([3, 120, 0]), HISTORY_PAGE);
    expect(
      pages.map((page) => page.map((m) => [m.month, m.incidents.length, m.continued])),
    ).toEqual([
      [
        ['2050-12', 3, false],
        ['2050-11', 70, false],
      ],
      [
        ['2050-11', 50, true],
        ['2050-10', 0, false],
      ],
    ]);
    expect(
      numberArchive(pages, []).map(({ number, newer, older }) => [number, newer, older]),
    ).toEqual([
      [0, null, 1],
      [1, 0, null],
    ]);
  });
});

describe('a list paged from its oldest end', () => {
  it('cuts every size from the oldest and joins the two newest cuts as the first page', () => {
    const items = Array.from({ length: 115 }, (_, index) => 114 - index);
    const pages = pageFromOldest(items, 20);
    expect(pages.map((page) => page.length)).toEqual([35, 20, 20, 20, 20]);
    expect(pages.flat()).toEqual(items);
    expect(pages.at(-1)).toEqual(Array.from({ length: 20 }, (_, index) => 19 - index));
    expect(pageFromOldest([], 20)).toEqual([]);
    expect(pageFromOldest([1], 20)).toEqual([[1]]);
  });

  it('keeps every page but the first as it was when a newest item is added', () => {
    fc.assert(
      fc.property(fc.nat({ max: 300 }), fc.integer({ min: 1, max: 30 }), (count, size) => {
        const items = Array.from({ length: count }, (_, index) => count - index);
        const before = byNumber(pageFromOldest(items, size));
        const after = byNumber(pageFromOldest([count + 1, ...items], size));
        for (const [number, page] of before) {
          if (number !== 0) expect(after.get(number)?.items).toEqual(page.items);
        }
        expect(
          numberArchive(pageFromOldest(items, size), []).flatMap((page) => page.items),
        ).toEqual(items);
      }),
    );
  });
});
