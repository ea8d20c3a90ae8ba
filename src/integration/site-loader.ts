import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { componentFirstCommits, withFirstCommits } from '../content/component-history.ts';
import { loadContent } from '../content/load.ts';
import { SITE_CONFIG_FILE } from '../content/parse-site-config.ts';
import type { SiteContent } from '../domain/model.ts';
import { indexSnapshot, type SiteIndex } from '../domain/site-index.ts';
import { computeSnapshot } from '../domain/snapshot.ts';
import type { SiteProvider } from '../data/site-provider.ts';

/** The folders and file whose changes `astro dev` shows on the next request. */
export const CONTENT_PATHS = ['incidents', 'components', SITE_CONFIG_FILE] as const;

/** How long `astro dev` keeps a computed status before the clock moves it on. */
const DEV_CLOCK_STEP_MS = 60_000;

function indexed(content: SiteContent, now: number): SiteIndex {
  const started = performance.now();
  const index = indexSnapshot(computeSnapshot(content, now));
  // The bench reads this line to split build time into phases (scripts/bench.ts).
  console.log(
    `Statusmark: status computed and indexed in ${Math.round(performance.now() - started)} ms`,
  );
  return index;
}

/** A build's site: the content checked at the start of the build, as of one fixed "now". */
export function buildSiteProvider(content: SiteContent, now: number): SiteProvider {
  let site: Promise<SiteIndex> | undefined;
  return () => (site ??= Promise.resolve().then(() => indexed(content, now)));
}

export interface DevSite {
  readonly provider: SiteProvider;
  /**
   * Reads the content again when a file changed (or the clock moved on, without a fixed now);
   * true when the site is not the one served before.
   */
  readonly refresh: () => Promise<boolean>;
}

/**
 * `astro dev`'s site: read again whenever a content file is added, changed or removed, so an
 * edit shows on the next request. Invalid content is the error the request shows, until fixed.
 */
export function devSite(root: string, fixedNow: number | undefined): DevSite {
  let current: { fingerprint: string; at: number; site: Promise<SiteIndex> } | undefined;
  let inFlight: Promise<boolean> | undefined;
  const check = async (): Promise<boolean> => {
    const fingerprint = await contentFingerprint(root);
    const realNow = Date.now();
    const clockMoved = fixedNow === undefined && realNow - (current?.at ?? 0) >= DEV_CLOCK_STEP_MS;
    if (current?.fingerprint === fingerprint && !clockMoved) return false;
    const now = fixedNow ?? realNow;
    const site = Promise.all([loadContent(root), componentFirstCommits(root)]).then(
      ([content, first]) => indexed(withFirstCommits(content, first), now),
    );
    // The failure is the request's to show; a refresh itself never fails.
    site.catch(() => undefined);
    current = { fingerprint, at: realNow, site };
    return true;
  };
  // Requests that arrive together share one look at the files.
  const refresh = (): Promise<boolean> =>
    (inFlight ??= check().finally(() => {
      inFlight = undefined;
    }));
  return {
    refresh,
    provider: async () => {
      if (current === undefined) await refresh();
      // `refresh` always sets it; the check keeps the type honest.
      if (current === undefined) throw new Error('Statusmark: the content was not read.');
      return current.site;
    },
  };
}

/** Every content file's path, size and modification time: cheap to take on each request. */
async function contentFingerprint(root: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of CONTENT_PATHS) {
    const full = path.join(root, entry);
    const names = await readdir(full, { recursive: true }).catch(() => null);
    const files = names === null ? [full] : names.sort().map((name) => path.join(full, name));
    for (const file of files) {
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) parts.push(`${file}:${String(info.size)}:${String(info.mtimeMs)}`);
    }
  }
  return parts.join('\n');
}
