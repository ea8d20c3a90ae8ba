import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HISTORY_PAGE, pageHistory } from '../src/domain/site-index.ts';
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

describe('the history archive', () => {
  it('pages by count: no page holds more than its share, whatever the history', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 180 }), { maxLength: 60 }), (counts) => {
        const input = months(counts);
        const pages = pageHistory(input, HISTORY_PAGE);
        for (const page of pages) {
          expect(page.length).toBeGreaterThan(0);
          expect(page.length).toBeLessThanOrEqual(HISTORY_PAGE.months);
          const listed = page.reduce((sum, month) => sum + month.incidents.length, 0);
          expect(listed).toBeLessThanOrEqual(HISTORY_PAGE.incidents);
        }
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

  it('keeps a month with more incidents than a page under its heading on the next page', () => {
    const pages = pageHistory(months([3, 120, 0]), HISTORY_PAGE);
    expect(
      pages.map((page) => page.map((m) => [m.month, m.incidents.length, m.continued])),
    ).toEqual([
      [
        ['2050-12', 3, false],
        ['2050-11', 47, false],
      ],
      [['2050-11', 50, true]],
      [
        ['2050-11', 23, true],
        ['2050-10', 0, false],
      ],
    ]);
  });
});
