import { loadFonts } from '../data/og-images.ts';
import type { CardInput } from '../render/og/card.ts';
import { renderCardPng } from '../render/og/render.ts';

/** A worker of the card pool: draws one card; the fonts are read once per worker. */
export default async function drawCard(input: CardInput): Promise<Uint8Array> {
  return renderCardPng(input, await loadFonts());
}
