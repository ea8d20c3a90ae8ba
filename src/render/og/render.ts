import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import sharp from 'sharp';
import { cardElement, type CardInput } from './card.ts';

export interface CardFonts {
  readonly regular: Buffer;
  readonly bold: Buffer;
}

/**
 * Renders a card to a 1200×630 PNG: satori lays it out as SVG, resvg rasterises it, and
 * libimagequant (through sharp) stores it as a palette PNG of at most 16 colours. A card is
 * flat colour and anti-aliased text, which look the same in a few colours as in true colour;
 * palette PNG is plain PNG, which every social network's crawler reads.
 */
export async function renderCardPng(input: CardInput, fonts: CardFonts): Promise<Uint8Array> {
  const svg = await satori(cardElement(input), {
    width: 1200,
    height: 630,
    fonts: fontList(fonts),
  });
  // The raw pixels go straight to the quantiser: no true-colour PNG is encoded on the way.
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: 1200 } }).render();
  return (
    sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: 4 } })
      // Quality 50 lets the quantiser stop at the 11 to 14 colours a card needs (white, the
      // band, the text and their anti-aliased edges), and at most 16 lets sharp store them in
      // 4 bits a pixel rather than 8: about 12.7 KB a card, from 13.5 KB at 8 bits and 57 KB in
      // true colour. Least effort and no dithering: flat colour needs neither.
      .png({ palette: true, quality: 50, colours: 16, effort: 1, dither: 0, compressionLevel: 9 })
      .toBuffer()
  );
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
