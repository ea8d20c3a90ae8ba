import { loadContent } from '../content/load.ts';
import { contentRoot } from '../content/root.ts';
import { resolveNow } from '../domain/clock.ts';
import { indexSnapshot, type SiteIndex } from '../domain/site-index.ts';
import { computeSnapshot } from '../domain/snapshot.ts';

let site: Promise<SiteIndex> | undefined;

/**
 * The one data module every page of a build reads: content from `STATUSMARK_ROOT` (or the
 * current directory), status as of `STATUSMARK_NOW` (or the build's start), computed and
 * indexed once. Invalid content throws a ContentError listing every problem.
 */
export function getSite(): Promise<SiteIndex> {
  site ??= (async () => {
    const now = resolveNow(process.env.STATUSMARK_NOW);
    if (typeof now !== 'number') throw new Error(`STATUSMARK_NOW: ${now.error}`);
    const started = performance.now();
    const index = indexSnapshot(computeSnapshot(await loadContent(contentRoot()), now));
    // The bench reads this line to split build time into phases (scripts/bench.ts).
    console.log(
      `Statusmark: content loaded and indexed in ${Math.round(performance.now() - started)} ms`,
    );
    return index;
  })();
  return site;
}
