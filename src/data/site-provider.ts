import type { SiteIndex } from '../domain/site-index.ts';

/** What the integration hands to the routes: the site as of now, computed from checked content. */
export type SiteProvider = () => Promise<SiteIndex>;

/**
 * The hand-off between Statusmark's integration and its routes. Astro loads the integration with
 * astro.config.mjs and bundles the routes separately, so each side has its own copy of every
 * module; both run in one Node process (`astro build` renders static pages, and `astro dev`
 * serves them, in the process that loaded the config). A registered global symbol is what the
 * two copies share, so the content the integration read and validated once is the content
 * every route renders, and nothing is read twice.
 */
const PROVIDER_KEY = Symbol.for('statusmark.site-provider');

interface ProviderRegistry {
  [PROVIDER_KEY]?: SiteProvider;
}

export function provideSite(provider: SiteProvider): void {
  (globalThis as ProviderRegistry)[PROVIDER_KEY] = provider;
}

export function providedSite(): Promise<SiteIndex> {
  const provider = (globalThis as ProviderRegistry)[PROVIDER_KEY];
  if (provider === undefined) {
    return Promise.reject(
      new Error(
        'Statusmark has no content to render: add statusmark() to the integrations in astro.config.mjs.',
      ),
    );
  }
  return provider();
}
