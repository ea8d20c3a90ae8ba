import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { Tinypool } from 'tinypool';
import { cachedCardFile, keepCard } from '../data/og-images.ts';
import type { SiteIndex } from '../domain/site-index.ts';
import type { CardInput } from '../render/og/card.ts';
import { allCards } from '../render/og/cards.ts';

/**
 * Writes every social card of the site into the build's output, after Astro has written the
 * pages. A card drawn before (same inputs, same layout version) is copied from the cache, many
 * at a time; the rest are drawn in a pool of worker threads, one per core, and kept in the
 * cache. Routing cards through Astro wrote them one at a time and drew them on one core.
 */
export async function writeCards(
  site: SiteIndex,
  outDir: string,
  log: (line: string) => void,
): Promise<{ copied: number; drawn: number }> {
  const cards = allCards(site);
  for (const folder of new Set(cards.map((card) => path.dirname(card.file)))) {
    await mkdir(path.join(outDir, folder), { recursive: true });
  }
  const copying = pLimit(32);
  const missing: { file: string; input: CardInput; cached: string }[] = [];
  await Promise.all(
    cards.map((card) =>
      copying(async () => {
        const cached = cachedCardFile(card.input);
        try {
          await copyFile(cached, path.join(outDir, card.file));
        } catch {
          // Not cached, or a cache that cannot be read: drawn. A fault of the output folder
          // shows when the drawn card is written there.
          missing.push({ ...card, cached });
        }
      }),
    ),
  );
  let unkept = 0;
  if (missing.length > 0) {
    const pool = new Tinypool({
      filename: new URL(`./card-worker${path.extname(import.meta.url)}`, import.meta.url).href,
      maxThreads: Math.max(1, Math.min(availableParallelism(), missing.length)),
    });
    try {
      await Promise.all(
        missing.map(async (card) => {
          const png = (await pool.run(card.input)) as Uint8Array;
          await writeFile(path.join(outDir, card.file), png);
          // The cache only saves the next build time: one that cannot be written is skipped.
          await keepCard(card.cached, png).catch(() => {
            unkept++;
          });
          log(`Statusmark: rendered social image ${card.file}`);
        }),
      );
    } finally {
      await pool.destroy();
    }
  }
  if (unkept > 0) {
    log(
      `Statusmark: ${String(unkept)} drawn cards could not be kept in ${path.dirname(missing[0]?.cached ?? '')}.`,
    );
  }
  return { copied: cards.length - missing.length, drawn: missing.length };
}
