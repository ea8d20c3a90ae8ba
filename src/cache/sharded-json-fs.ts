import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A cache kept between builds as one folder of JSON files, its entries spread over them by
 * key. A build that changes a few entries (one new incident, one more update) rewrites the few
 * files that hold them, not the whole cache: at 10,000 incidents the Markdown and content
 * caches are 40 and 30 MB, and writing each whole cost every such deploy about 0.2 s.
 *
 * Keys are hashes, so entries spread evenly. The folder is named by `name`, which carries the
 * versions its entries depend on; the folders an earlier version left beside it (same
 * `family`, other name) are removed when it is written, so the cache does not keep what no
 * build reads. Each file is replaced through a rename, so a build stopped while writing leaves
 * each file whole, old or new; entries are keyed by what they were made from, so any mix of
 * old and new files is a valid cache. A missing or unreadable file holds no entries: the
 * cache only ever saves time.
 */

/** How many files a cache is spread over. */
const SHARDS = 64;

/** The file that holds `key`; file names are digits, the same on every file system. */
function shardOf(key: string): string {
  const index = (key.charCodeAt(0) * 31 + key.charCodeAt(1)) % SHARDS;
  return `${String(index).padStart(2, '0')}.json`;
}

/** Every entry of the cache `name` in `dir`; none when it is missing. */
export async function readShards(dir: string, name: string): Promise<Map<string, unknown>> {
  const folder = path.join(dir, name);
  const files = await readdir(folder).catch(() => [] as string[]);
  const parts = await Promise.all(
    files
      .filter((file) => /^\d+\.json$/.test(file))
      .map(async (file) => {
        try {
          const parsed: unknown = JSON.parse(await readFile(path.join(folder, file), 'utf8'));
          // An entry filed under another shard (a change of SHARDS) would never be found
          // changed, so it is left out and made again.
          return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
            ? Object.entries(parsed).filter(([key]) => shardOf(key) === file)
            : [];
        } catch {
          return [];
        }
      }),
  );
  return new Map(parts.flat());
}

/**
 * Writes `used` as the cache `name` in `dir`, where `known` is what the build read from it:
 * only the files whose entries differ (an entry made, or one left out) are written. A key
 * names what its entry was made from, so an entry under a known key is the one known. True
 * when anything was written.
 */
export async function writeShards(
  dir: string,
  family: string,
  name: string,
  used: ReadonlyMap<string, unknown>,
  known: ReadonlyMap<string, unknown>,
): Promise<boolean> {
  const shards = new Map<string, { entries: [string, unknown][]; changed: boolean }>();
  const shard = (file: string) => {
    let found = shards.get(file);
    if (found === undefined) {
      found = { entries: [], changed: false };
      shards.set(file, found);
    }
    return found;
  };
  for (const [key, value] of used) {
    const into = shard(shardOf(key));
    into.entries.push([key, value]);
    if (!known.has(key)) into.changed = true;
  }
  const knownCounts = new Map<string, number>();
  for (const key of known.keys()) {
    const file = shardOf(key);
    knownCounts.set(file, (knownCounts.get(file) ?? 0) + 1);
  }
  for (const [file, count] of knownCounts) {
    const into = shard(file);
    if (into.entries.length !== count) into.changed = true;
  }
  const due = [...shards].filter(([, { changed }]) => changed);
  if (due.length === 0) return false;
  const folder = path.join(dir, name);
  await mkdir(folder, { recursive: true });
  await Promise.all(
    due.map(async ([file, { entries }]) => {
      const target = path.join(folder, file);
      if (entries.length === 0) {
        await rm(target, { force: true });
        return;
      }
      const partial = `${target}.${String(process.pid)}.partial`;
      await writeFile(partial, JSON.stringify(Object.fromEntries(entries)));
      await rename(partial, target);
    }),
  );
  await removeEarlierVersions(dir, family, name);
  return true;
}

/** The caches of the same family that other versions left in `dir` (files or folders). */
async function removeEarlierVersions(dir: string, family: string, name: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((entry) => entry.startsWith(`${family}-`) && entry !== name)
      .map((entry) => rm(path.join(dir, entry), { recursive: true, force: true })),
  );
}
