// The layout of the 1200×630 social cards, as satori element objects (no JSX needed).
import type { Indicator } from '../../domain/status.ts';

export interface CardInput {
  /** The site's name, top left. */
  readonly site: string;
  /** The big line: an incident's title, or the overall status. */
  readonly title: string;
  /** A short line under it: status · impact, or "Updated …". */
  readonly subtitle: string;
  /** Component names with their status, at most a few lines. */
  readonly details: readonly string[];
  /** The band colour: the impact or overall status. */
  readonly color: string;
  /** The time line at the bottom, e.g. "20 Feb 2026, 10:02 UTC – 11:00 UTC". */
  readonly footer: string;
}

export interface CardElement {
  readonly type: string;
  readonly props: { readonly style?: Record<string, string | number>; readonly children?: unknown };
}

const el = (
  type: string,
  style: Record<string, string | number>,
  children?: unknown,
): CardElement => ({
  type,
  props: { style, children },
});

/** Colours for impacts and indicators, readable as white text on them. */
export const CARD_COLORS: Readonly<Record<Indicator, string>> = {
  none: '#1a7f37',
  minor: '#9a6700',
  major: '#bc4c00',
  critical: '#cf222e',
  maintenance: '#0969da',
};

/** The card's background and the two inks of its text; the third ink is the band's colour. */
export const CARD_BACKGROUND = '#ffffff';
export const CARD_TEXT = '#1f2328';
export const CARD_MUTED = '#57606a';

export function cardElement(input: CardInput): CardElement {
  return el(
    'div',
    {
      width: 1200,
      height: 630,
      display: 'flex',
      flexDirection: 'column',
      backgroundColor: CARD_BACKGROUND,
      fontFamily: 'Inter',
      color: CARD_TEXT,
    },
    [
      // The band and the times keep their place when a long title and four components overfill
      // the card: the last component lines are cut instead.
      el('div', { height: 24, flexShrink: 0, backgroundColor: input.color }),
      el(
        'div',
        {
          display: 'flex',
          flexDirection: 'column',
          padding: '56px 72px 0',
          flexGrow: 1,
          flexShrink: 1,
          overflow: 'hidden',
        },
        [
          el('div', { fontSize: 32, color: CARD_MUTED }, input.site),
          el(
            'div',
            { fontSize: 64, fontWeight: 700, marginTop: 24, lineHeight: 1.15 },
            truncate(input.title, 90),
          ),
          el(
            'div',
            { fontSize: 34, marginTop: 24, color: input.color, fontWeight: 700 },
            input.subtitle,
          ),
          el(
            'div',
            {
              display: 'flex',
              flexDirection: 'column',
              marginTop: 24,
              fontSize: 28,
              color: CARD_MUTED,
            },
            input.details
              .slice(0, 4)
              .map((line) => el('div', { display: 'flex' }, truncate(line, 70))),
          ),
        ],
      ),
      el(
        'div',
        { padding: '24px 72px 48px', flexShrink: 0, fontSize: 26, color: CARD_MUTED },
        input.footer,
      ),
    ],
  );
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
