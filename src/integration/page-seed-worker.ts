import { copyFileSync, linkSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { codeOf } from '../markdown/render-cache.ts';

export interface SeedTask {
  /** The pages Astro kept (its cache's `dist/`). */
  readonly source: string;
  /** The build's output folder. */
  readonly outDir: string;
}

/**
 * A worker's task: every file under `source` into `outDir` at the same path, as a hard link
 * where the file system allows it, else as a copy; returns the paths placed, relative to both.
 * The calls are synchronous on purpose: on the worker's own thread they leave libuv's four
 * threads to the build's file reads, and a folder's 10,000 `mkdir`s (most of a seed's time,
 * spent in the kernel) run beside the main thread's work instead of queueing behind it.
 */
export default function seedFolder({ source, outDir }: SeedTask): string[] {
  let entries;
  try {
    entries = readdirSync(source, { recursive: true, withFileTypes: true });
  } catch {
    // No pages kept yet (a first build): nothing to seed.
    return [];
  }
  const relative = (entry: { parentPath: string; name: string }) =>
    path.relative(source, path.join(entry.parentPath, entry.name));
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map(relative)
    // Parents first: `incidents/` before ten thousand folders inside it.
    .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length);
  mkdirSync(outDir, { recursive: true });
  for (const folder of folders) {
    try {
      mkdirSync(path.join(outDir, folder));
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error;
    }
  }
  const seeded: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = relative(entry);
    // A file that cannot be placed is left to Astro, which renders or restores the page.
    if (place(path.join(source, file), path.join(outDir, file))) seeded.push(file);
  }
  return seeded;
}

/** Links `source` at `target`, or copies it where links are refused (another file system). */
function place(source: string, target: string): boolean {
  try {
    linkSync(source, target);
    return true;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return false;
  }
  try {
    copyFileSync(source, target);
    return true;
  } catch {
    return false;
  }
}
