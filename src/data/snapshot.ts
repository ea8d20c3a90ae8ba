import type { SiteIndex } from '../domain/site-index.ts';
import { providedSite } from './site-provider.ts';

/**
 * The one data module every page reads: the site the integration loaded, validated, computed
 * and indexed once per build (and again in `astro dev` whenever a content file changes).
 */
export function getSite(): Promise<SiteIndex> {
  return providedSite();
}

/**
 * `derive` of the current site, computed once per site: a build computes it once, and
 * `astro dev` again after the content changed, never from stale content.
 */
export function perSite<T>(derive: (site: SiteIndex) => T): () => Promise<T> {
  const cache = new WeakMap<SiteIndex, { value: T }>();
  return async () => {
    const site = await getSite();
    let entry = cache.get(site);
    if (entry === undefined) {
      entry = { value: derive(site) };
      cache.set(site, entry);
    }
    return entry.value;
  };
}
