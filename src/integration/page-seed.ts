import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { Tinypool } from 'tinypool';
import type { SeedTask } from './page-seed-worker.ts';

/**
 * Astro's incremental build keeps a copy of every keyed page in its cache folder (`dist/`
 * there) and, for a page it skips, copies that copy into the output unless the output already
 * has the file. A deploy starts with no output, so it copied every skipped page one by one
 * between renders, at about half a millisecond each: ten seconds of a 10,000-incident deploy.
 * Seeding the output with those copies first lets Astro find them in place.
 *
 * The seed runs in a worker thread from the moment the build starts, beside the content check
 * on the main thread: at 10,000 incidents it makes 12,000 folders and links 23,000 files, one to
 * three seconds of the kernel's time that the build no longer waits for.
 *
 * A page Astro renders again is written through the link, into its cache's copy, which Astro
 * then writes with the same bytes: the cache ends as Astro alone would leave it. Seeded files
 * are the same bytes Astro would restore, so the output is the same as long as
 * every seeded file Astro did not produce in this build is removed afterwards (`prune`): the
 * pages of removed incidents, and any copy Astro's cache kept that this build does not use.
 * Resolves to the files placed, relative to `outDir`; `signal` stops the worker where it is.
 */
export async function seedPages(
  cacheDir: string,
  outDir: string,
  signal: AbortSignal,
): Promise<Set<string>> {
  const pool = new Tinypool({
    filename: new URL(`./page-seed-worker${path.extname(import.meta.url)}`, import.meta.url).href,
    minThreads: 1,
    maxThreads: 1,
  });
  try {
    const task: SeedTask = { source: path.join(cacheDir, 'dist'), outDir };
    return new Set((await pool.run(task, { signal })) as string[]);
  } finally {
    await pool.destroy();
  }
}

/** Removes the seeded files that no route of this build wrote or kept (Astro's `assets`). */
export async function prunePages(
  seeded: ReadonlySet<string>,
  produced: ReadonlyMap<string, readonly URL[]>,
  outDir: string,
): Promise<number> {
  if (seeded.size === 0) return 0;
  const kept = new Set<string>();
  for (const urls of produced.values()) {
    for (const url of urls) kept.add(path.relative(outDir, fileURLToPath(url)));
  }
  const stale = [...seeded].filter((file) => !kept.has(file));
  const removing = pLimit(32);
  await Promise.all(
    stale.map((file) => removing(() => rm(path.join(outDir, file), { force: true }))),
  );
  return stale.length;
}
