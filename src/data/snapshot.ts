import { loadContent } from '../content/load.ts';
import { contentRoot } from '../content/root.ts';
import { resolveNow } from '../domain/clock.ts';
import { computeSnapshot, type StatusSnapshot } from '../domain/snapshot.ts';

let snapshot: Promise<StatusSnapshot> | undefined;

/**
 * The one snapshot every page of a build reads: content from `STATUSMARK_ROOT` (or the current
 * directory), status as of `STATUSMARK_NOW` (or the build's start). Invalid content throws a
 * ContentError listing every problem, which fails the build before anything is written.
 */
export function getSnapshot(): Promise<StatusSnapshot> {
  snapshot ??= (async () => {
    const now = resolveNow(process.env.STATUSMARK_NOW);
    if (typeof now !== 'number') throw new Error(`STATUSMARK_NOW: ${now.error}`);
    return computeSnapshot(await loadContent(contentRoot()), now);
  })();
  return snapshot;
}
