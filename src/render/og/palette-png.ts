import { crc32, deflateSync } from 'node:zlib';

/**
 * How many shades of each ink the palette holds, from faintest to full (the ink itself). Four
 * anti-alias text as smoothly to the eye as libimagequant's 11 to 14 colours did, and store a
 * card in 2 % fewer bytes than it did; five cost 6 % more bytes for no visible difference.
 */
const SHADES = 4;

/** A 4-bit PNG holds at most 16 colours: a card uses 13, the background and 4 shades of 3 inks. */
const MAX_COLOURS = 16;

/**
 * The palette of an image drawn in a few inks on one background, as a card is: the background,
 * then each ink at 1/4 to 4/4 of its strength over the background. Anti-aliased edges are inks
 * part-covering the background, so every pixel of such an image is near one of these colours,
 * and no quantiser has to search for them.
 */
export function inkPalette(
  background: string,
  inks: readonly string[],
): [number, number, number][] {
  const [r0, g0, b0] = rgb(background);
  const palette: [number, number, number][] = [[r0, g0, b0]];
  for (const ink of new Set(inks)) {
    const [r1, g1, b1] = rgb(ink);
    for (let shade = 1; shade <= SHADES; shade += 1) {
      const mix = (from: number, to: number) => Math.round(from + ((to - from) * shade) / SHADES);
      palette.push([mix(r0, r1), mix(g0, g1), mix(b0, b1)]);
    }
  }
  if (palette.length > MAX_COLOURS) {
    throw new RangeError(`A palette of ${String(palette.length)} colours does not fit in 4 bits.`);
  }
  return palette;
}

/**
 * Encodes opaque RGBA pixels as a 4-bit palette PNG, each pixel stored as its nearest palette
 * colour (alpha is ignored: a card has an opaque background). About 9 ms a card where sharp's
 * palette PNG took 35: sharp quantises every card from scratch (about 22 ms) where the palette
 * here is known before the card is drawn, and a PNG needs nothing else but four chunks around
 * zlib's deflate, which `node:zlib` provides (sharp cannot be handed indexed pixels).
 */
export function encodePalettePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  palette: readonly (readonly [number, number, number])[],
): Uint8Array {
  if (pixels.length !== width * height * 4) {
    throw new RangeError(
      `Expected ${String(width * height * 4)} bytes of RGBA, got ${String(pixels.length)}.`,
    );
  }
  const [first] = palette;
  if (first === undefined || palette.length > MAX_COLOURS) {
    throw new RangeError(`A 4-bit palette holds 1 to 16 colours, not ${String(palette.length)}.`);
  }
  const rowBytes = Math.ceil(width / 2);
  // Each row: filter type 0 (none, the right filter for palette images), then two pixels a byte.
  const rows = new Uint8Array((rowBytes + 1) * height);
  const nearest = new Map<number, number>();
  const view = new DataView(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  const background = ((first[0] << 16) | (first[1] << 8) | first[2]) >>> 0;
  for (let y = 0; y < height; y += 1) {
    const row = y * (rowBytes + 1) + 1;
    let byte = 0;
    for (let x = 0; x < width; x += 1) {
      const colour = view.getUint32((y * width + x) * 4) >>> 8;
      let index = 0;
      if (colour !== background) {
        index = nearest.get(colour) ?? nearestIndex(colour, palette);
        nearest.set(colour, index);
      }
      byte |= x & 1 ? index : index << 4;
      if (x & 1 || x === width - 1) {
        rows[row + (x >> 1)] = byte;
        byte = 0;
      }
    }
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header(width, height)),
    chunk('PLTE', Uint8Array.from(palette.flat())),
    // Level 7: levels 8 and 9 save 2 to 3 % of the bytes for 1.3 to 2 times the whole card's
    // time, searching long for matches in a card's long runs of one colour.
    chunk('IDAT', deflateSync(rows, { level: 7 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function header(width: number, height: number): Uint8Array {
  const ihdr = new DataView(new ArrayBuffer(13));
  ihdr.setUint32(0, width);
  ihdr.setUint32(4, height);
  ihdr.setUint8(8, 4); // bit depth
  ihdr.setUint8(9, 3); // colour type: indexed
  // compression 0 (deflate), filter method 0, interlace 0 (none) are the zeros left.
  return new Uint8Array(ihdr.buffer);
}

/** A PNG chunk: length, type, data, and the CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function nearestIndex(
  colour: number,
  palette: readonly (readonly [number, number, number])[],
): number {
  const r = colour >>> 16;
  const g = (colour >>> 8) & 0xff;
  const b = colour & 0xff;
  let best = 0;
  let bestDistance = Infinity;
  palette.forEach(([pr, pg, pb], index) => {
    const distance = (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2;
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  return best;
}

/** `#rrggbb` as its three channels. */
function rgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (match === null) throw new RangeError(`${hex} is not a colour of the form #rrggbb.`);
  const [, r = '', g = '', b = ''] = match;
  return [Number.parseInt(r, 16), Number.parseInt(g, 16), Number.parseInt(b, 16)];
}
