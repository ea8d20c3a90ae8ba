import { hash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CardInput } from '../render/og/card.ts';
import { renderCardPng, type CardFonts } from '../render/og/render.ts';

/** Bump when the card layout changes, so cached images are drawn again. */
const CARD_VERSION = 5;

let fonts: Promise<CardFonts> | undefined;

export function loadFonts(): Promise<CardFonts> {
  const resolve = createRequire(import.meta.url).resolve;
  fonts ??= Promise.all([
    readFile(resolve('@fontsource/inter/files/inter-latin-400-normal.woff')),
    readFile(resolve('@fontsource/inter/files/inter-latin-700-normal.woff')),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

/** Where drawn cards are kept between builds, by the hash of their inputs. */
export function cacheDir(): string {
  return path.join(buildCacheDir(), 'og');
}

/**
 * Statusmark's caches between builds (cards, rendered Markdown): `STATUSMARK_CACHE_DIR`, else
 * `.cache/statusmark` in the repository. Not under node_modules, which `npm ci` empties: the
 * Deploy workflow keeps `.cache/` with a cache step.
 */
export function buildCacheDir(): string {
  return path.resolve(process.env.STATUSMARK_CACHE_DIR ?? path.join('.cache', 'statusmark'));
}

/** Where the card with these inputs is kept once drawn: named by a hash of them. */
export function cachedCardFile(input: CardInput): string {
  const key = hash('sha256', JSON.stringify({ CARD_VERSION, input }), 'hex');
  return path.join(cacheDir(), `${key}.png`);
}

/** Keeps a drawn card; written beside and renamed, so a build cut off leaves no half a card. */
export async function keepCard(file: string, png: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${String(process.pid)}.partial`;
  await writeFile(partial, png);
  await rename(partial, file);
}

/**
 * In `astro dev`: a card as PNG, from the cache when a card with the same inputs was drawn before: rendering
 * takes far longer than hashing, and most cards do not change between builds.
 */
export async function cardImage(name: string, input: CardInput): Promise<Response> {
  const file = cachedCardFile(input);
  let png: Uint8Array;
  try {
    png = await readFile(file);
  } catch {
    png = await renderCardPng(input, await loadFonts());
    await keepCard(file, png);
    console.log(`Statusmark: rendered social image ${name}`);
  }
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
