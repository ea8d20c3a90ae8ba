import { setImmediate } from 'node:timers/promises';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import { CARD_BACKGROUND, CARD_MUTED, CARD_TEXT, cardElement, type CardInput } from './card.ts';
import { encodePalettePng, inkPalette } from './palette-png.ts';

export interface CardFonts {
  readonly regular: Buffer;
  readonly bold: Buffer;
}

/**
 * Renders a card to a 1200×630 PNG: satori lays it out as SVG, resvg rasterises it, and the
 * pixels are stored as a 4-bit palette PNG of the card's background and shades of its three
 * inks (the band's colour, the text's and the muted text's). A card is flat colour and
 * anti-aliased text, which look the same in those 13 colours as in true colour, in 12 to 16 KB
 * a card against 57 KB in true colour; palette PNG is plain PNG, which every social network's
 * crawler reads.
 */
export async function renderCardPng(input: CardInput, fonts: CardFonts): Promise<Uint8Array> {
  const image = await drawCard(input, fonts);
  return encodePalettePng(image.pixels, image.width, image.height, cardPalette(input));
}

/** A card drawn in true colour, as resvg rasterises satori's layout: RGBA, 1200×630. */
export async function drawCard(
  input: CardInput,
  fonts: CardFonts,
): Promise<{ pixels: Uint8Array; width: number; height: number }> {
  const svg = await satori(cardElement(input), {
    width: 1200,
    height: 630,
    fonts: fontList(fonts),
  });
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: 1200 } }).render();
  const drawn = { pixels: image.pixels, width: image.width, height: image.height };
  // resvg's native tree and pixmap (6 MB a card) are freed by finalizers that Node runs on a
  // turn of the event loop after a collection; cards drawn back to back with nothing else to
  // wait on never gave it one, and a worker grew to 24 GB within 6,000 cards.
  await setImmediate();
  return drawn;
}

/** The colours a card is stored in: its background and shades of its three inks. */
export function cardPalette(input: CardInput): [number, number, number][] {
  return inkPalette(CARD_BACKGROUND, [input.color, CARD_TEXT, CARD_MUTED]);
}

type SatoriFonts = NonNullable<Parameters<typeof satori>[1]['fonts']>;
const fontLists = new WeakMap<CardFonts, SatoriFonts>();

/**
 * The same list for the same fonts: satori keeps its parsed fonts by the identity of the list
 * it is given, and a new list each card cost about 3 ms a card to look them up again.
 */
function fontList(fonts: CardFonts): SatoriFonts {
  let list = fontLists.get(fonts);
  if (list === undefined) {
    list = [
      { name: 'Inter', data: fonts.regular, weight: 400, style: 'normal' },
      { name: 'Inter', data: fonts.bold, weight: 700, style: 'normal' },
    ];
    fontLists.set(fonts, list);
  }
  return list;
}
