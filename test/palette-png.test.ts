import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../src/data/og-images.ts';
import { CARD_COLORS } from '../src/render/og/card.ts';
import { encodePalettePng, inkPalette } from '../src/render/og/palette-png.ts';
import { cardPalette, drawCard, renderCardPng } from '../src/render/og/render.ts';

/** The PNG as a third-party decoder (libvips, through sharp) reads it: RGB, row by row. */
async function decode(png: Uint8Array): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** IHDR's bit depth and colour type, and how many colours PLTE holds. */
function header(png: Uint8Array): { depth: number; colourType: number; colours: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const plte = Buffer.from(png).indexOf('PLTE', 0, 'latin1');
  return { depth: png[24] ?? 0, colourType: png[25] ?? 0, colours: view.getUint32(plte - 4) / 3 };
}

describe('palette PNG', () => {
  it('stores a card in 4 bits a pixel that look like the true-colour drawing', async () => {
    const fonts = await loadFonts();
    const input = {
      site: 'Tidewater Cloud',
      title: 'Elevated error rates on the EU API gateway after a configuration rollout',
      subtitle: 'Resolved · Major outage',
      details: ['API: Partial outage', 'Dashboard: Degraded performance', 'Webhooks: Operational'],
      color: CARD_COLORS.major,
      footer: 'Started 20 Feb 2026, 10:02 UTC · Resolved 20 Feb 2026, 11:00 UTC (lasted 58m)',
    };
    const drawn = await drawCard(input, fonts);
    const png = await renderCardPng(input, fonts);
    expect(header(png)).toEqual({ depth: 4, colourType: 3, colours: 13 });
    expect(png.length).toBeLessThan(20_000);

    const stored = await decode(png);
    expect([stored.width, stored.height]).toEqual([1200, 630]);
    let worst = 0;
    let total = 0;
    for (let pixel = 0; pixel < 1200 * 630; pixel += 1) {
      let squared = 0;
      for (let channel = 0; channel < 3; channel += 1) {
        const error =
          (stored.data[pixel * 3 + channel] ?? 0) - (drawn.pixels[pixel * 4 + channel] ?? 0);
        squared += error ** 2;
      }
      worst = Math.max(worst, Math.sqrt(squared));
      total += Math.sqrt(squared);
    }
    // Each ink's shades are a quarter of the way apart, so no pixel on the way from white to
    // an ink is further from its stored colour than half a step of the darkest ink, the text
    // (0.125 × 378, the distance from white to #1f2328), and nearly all are exact.
    expect(worst).toBeLessThanOrEqual(48);
    expect(total / (1200 * 630)).toBeLessThan(1);
    // The band and the full-strength text are stored as their very colours.
    expect([...stored.data.subarray((10 * 1200 + 600) * 3, (10 * 1200 + 600) * 3 + 3)]).toEqual(
      cardPalette(input)[4],
    );
  });

  it('stores every pixel as its nearest palette colour, at any size', async () => {
    const colour = fc.tuple(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(colour, { minLength: 1, maxLength: 16 }),
        fc.array(colour, { minLength: 63, maxLength: 63 }),
        async (width, height, palette, colours) => {
          const pixels = new Uint8Array(width * height * 4);
          colours.slice(0, width * height).forEach(([r, g, b], pixel) => {
            pixels.set([r, g, b, 255], pixel * 4);
          });
          const stored = await decode(encodePalettePng(pixels, width, height, palette));
          expect([stored.width, stored.height]).toEqual([width, height]);
          for (let pixel = 0; pixel < width * height; pixel += 1) {
            const [r = 0, g = 0, b = 0] = pixels.subarray(pixel * 4, pixel * 4 + 3);
            const distance = ([pr, pg, pb]: readonly number[]) =>
              ((pr ?? 0) - r) ** 2 + ((pg ?? 0) - g) ** 2 + ((pb ?? 0) - b) ** 2;
            const best = Math.min(...palette.map(distance));
            const got = [...stored.data.subarray(pixel * 3, pixel * 3 + 3)];
            expect(distance(got)).toBe(best);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses what it cannot store', () => {
    const white: [number, number, number] = [255, 255, 255];
    expect(() => encodePalettePng(new Uint8Array(12), 2, 2, [white])).toThrow(
      'Expected 16 bytes of RGBA, got 12.',
    );
    expect(() => encodePalettePng(new Uint8Array(4), 1, 1, Array(17).fill(white))).toThrow(
      'A 4-bit palette holds 1 to 16 colours, not 17.',
    );
    expect(() => inkPalette('#fff', [])).toThrow('#fff is not a colour of the form #rrggbb.');
    expect(() => inkPalette('#ffffff', ['#000000', '#ff0000', '#00ff00', '#0000ff'])).toThrow(
      'A palette of 17 colours does not fit in 4 bits.',
    );
  });

  it('frees what each card took, however many are drawn back to back', async () => {
    const fonts = await loadFonts();
    const input = {
      site: 'Tidewater Cloud',
      title: 'Webhook deliveries delayed',
      subtitle: 'Resolved · Minor',
      details: ['Webhooks: Degraded performance'],
      color: CARD_COLORS.minor,
      footer: 'Started 20 Feb 2026, 10:02 UTC',
    };
    await renderCardPng(input, fonts);
    const before = process.memoryUsage().rss;
    // resvg keeps 6 MB of native memory a card until Node finalizes it: 150 cards that were
    // never freed would hold 900 MB.
    for (let card = 0; card < 150; card += 1) await renderCardPng(input, fonts);
    expect(process.memoryUsage().rss - before).toBeLessThan(400_000_000);
  });
});
