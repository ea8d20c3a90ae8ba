import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { Tinypool } from 'tinypool';
import { cachedCardFile, keepCard } from '../data/og-images.ts';
import type { SiteIndex } from '../domain/site-index.ts';
import type { CardInput } from '../render/og/card.ts';
import { allCards } from '../render/og/cards.ts';
import { linkOrCopy } from './link-or-copy.ts';

/** The social cards of one build: drawn while Astro renders the pages, written after them. */
export interface CardJob {
  /** Every card into the build's output; resolves once all are there. */
  readonly writeInto: (outDir: string) => Promise<{ copied: number; drawn: number }>;
}

interface Card {
  readonly file: string;
  readonly input: CardInput;
  readonly cached: string;
}

/**
 * Starts on the social cards of the site: the ones not drawn before (same inputs, same layout
 * version) are drawn at once in a pool of worker threads, one per core, and kept in the cache,
 * so they are drawn while Astro renders the pages on the main thread rather than after.
 * `writeInto` then links every card from the cache into the output (the cache only ever
 * replaces a card by renaming a new file over it, so the output keeps the bytes it was given). Routing cards through
 * Astro wrote them one at a time and drew them on one core, after the pages.
 */
export function startCards(site: Promise<SiteIndex>, log: (line: string) => void): CardJob {
  // Drawn cards the cache could not keep wait here for the output.
  const unkept = new Map<string, Uint8Array>();
  const drawing = site.then(async (index) => {
    const cards = allCards(index).map((card) => ({ ...card, cached: cachedCardFile(card.input) }));
    // One listing of the cache's folder, not a look at each of 10,000 files: those were 0.4 s
    // of the main thread's time in every build.
    const kept = new Set<string>();
    for (const folder of new Set(cards.map((card) => path.dirname(card.cached)))) {
      const names = await readdir(folder).catch(() => [] as string[]);
      for (const name of names) kept.add(path.join(folder, name));
    }
    const missing = cards.filter((card) => !kept.has(card.cached));
    await draw(missing, unkept, log);
    if (unkept.size > 0) {
      log(
        `Statusmark: ${String(unkept.size)} drawn cards could not be kept in ${path.dirname(missing[0]?.cached ?? '')}.`,
      );
    }
    return { cards, drawn: missing.length };
  });
  // The build awaits it in writeInto; until then a failure must not count as unhandled.
  drawing.catch(() => undefined);
  return {
    writeInto: async (outDir) => {
      const { cards, drawn } = await drawing;
      for (const folder of new Set(cards.map((card) => path.dirname(card.file)))) {
        await mkdir(path.join(outDir, folder), { recursive: true });
      }
      const writing = pLimit(32);
      const lost: Card[] = [];
      await Promise.all(
        cards.map((card) =>
          writing(async () => {
            const target = path.join(outDir, card.file);
            const png = unkept.get(card.cached);
            if (png !== undefined) {
              await writeFile(target, png);
              return;
            }
            // Gone from the cache since it was drawn or found (a cache cleared mid-build):
            // drawn again below.
            await linkOrCopy(card.cached, target).catch(() => lost.push(card));
          }),
        ),
      );
      if (lost.length > 0) {
        const again = new Map<string, Uint8Array>();
        await draw(lost, again, log);
        for (const card of lost) {
          const png = again.get(card.cached);
          if (png === undefined) await linkOrCopy(card.cached, path.join(outDir, card.file));
          else await writeFile(path.join(outDir, card.file), png);
        }
      }
      return { copied: cards.length - drawn - lost.length, drawn: drawn + lost.length };
    },
  };
}

/** Draws `cards` in worker threads and keeps each in the cache, or in `unkept` if it cannot. */
async function draw(
  cards: readonly Card[],
  unkept: Map<string, Uint8Array>,
  log: (line: string) => void,
): Promise<void> {
  if (cards.length === 0) return;
  const pool = new Tinypool({
    filename: new URL(`./card-worker${path.extname(import.meta.url)}`, import.meta.url).href,
    maxThreads: Math.max(1, Math.min(availableParallelism(), cards.length)),
  });
  try {
    await Promise.all(
      cards.map(async (card) => {
        const png = (await pool.run(card.input)) as Uint8Array;
        // The cache only saves the next build time: one that cannot be written is skipped.
        await keepCard(card.cached, png).catch(() => unkept.set(card.cached, png));
        log(`Statusmark: rendered social image ${card.file}`);
      }),
    );
  } finally {
    await pool.destroy();
  }
}
