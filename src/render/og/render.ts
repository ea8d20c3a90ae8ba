import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import { cardElement, type CardInput } from './card.ts';

export interface CardFonts {
  readonly regular: Buffer;
  readonly bold: Buffer;
}

/** Renders a card to a 1200×630 PNG: satori lays it out as SVG, resvg rasterises it. */
export async function renderCardPng(input: CardInput, fonts: CardFonts): Promise<Uint8Array> {
  const svg = await satori(cardElement(input), {
    width: 1200,
    height: 630,
    fonts: [
      { name: 'Inter', data: fonts.regular, weight: 400, style: 'normal' },
      { name: 'Inter', data: fonts.bold, weight: 700, style: 'normal' },
    ],
  });
  return new Resvg(svg, { fitTo: { mode: 'width', value: 1200 } }).render().asPng();
}
