import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { linkOrCopy } from './link-or-copy.ts';

/**
 * Astro's incremental build keeps a copy of every keyed page in its cache folder (`dist/`
 * there) and, for a page it skips, copies that copy into the output unless the output already
 * has the file. A deploy starts with no output, so it copied every skipped page one by one
 * between renders, at about half a millisecond each: ten seconds of a 10,000-incident deploy.
 * Seeding the output with those copies first, linked many at a time, lets Astro find them in
 * place.
 *
 * A page Astro renders again is written through the link, into its cache's copy, which Astro
 * then writes with the same bytes: the cache ends as Astro alone would leave it. Seeded files
 * are the same bytes Astro would restore, so the output is the same as long as
 * every seeded file Astro did not produce in this build is removed afterwards (`prune`): the
 * pages of removed incidents, and any copy Astro's cache kept that this build does not use.
 */
export async function seedPages(cacheDir: string, outDir: string): Promise<Set<string>> {
  const source = path.join(cacheDir, 'dist');
  let entries;
  try {
    entries = await readdir(source, { recursive: true, withFileTypes: true });
  } catch {
    // No pages kept yet (a first build): nothing to seed.
    return new Set();
  }
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(source, path.join(entry.parentPath, entry.name)));
  const limit = pLimit(32);
  // Parents first: `incidents/` before ten thousand folders inside it.
  const folders = [...new Set(files.map((file) => path.dirname(file)))].sort(
    (a, b) => a.split(path.sep).length - b.split(path.sep).length,
  );
  for (const depth of new Set(folders.map((folder) => folder.split(path.sep).length))) {
    await Promise.all(
      folders
        .filter((folder) => folder.split(path.sep).length === depth)
        .map((folder) => limit(() => mkdir(path.join(outDir, folder), { recursive: true }))),
    );
  }
  const seeded = new Set<string>();
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        // A file that cannot be placed is left to Astro, which renders or restores the page.
        await linkOrCopy(path.join(source, file), path.join(outDir, file)).then(
          () => seeded.add(file),
          () => undefined,
        );
      }),
    ),
  );
  return seeded;
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
