import { hash } from 'node:crypto';
import type { IncidentState } from '../domain/status.ts';
import { describeZone } from '../render/format.ts';
import { perSite } from './snapshot.ts';

/**
 * Astro's incremental build (`experimental.incrementalBuild`) skips a page whose `cacheKey` and
 * code are the same as in the previous build, and copies the earlier output instead. A page's
 * key is therefore a hash of everything it shows that is not code:
 *
 * - its own props (an incident's state with its rendered Markdown, a listing's incidents, a
 *   JSON document's body), which already hold what "now" changes for it (an open incident's
 *   duration, a maintenance window's status), and whatever else the route passes in (a
 *   component page's status and uptime bar);
 * - what every page shows around them: the site config, the components and groups (their
 *   names), and the time zone's name as of "now" (the footer's zone).
 *
 * Pages that show the whole site's current state (the home page, the feeds, the badges and
 * the Statuspage-compatible API) have no key and render every build. Code changes are Astro's to see: it
 * hashes each page's module graph, and starts afresh when the lockfile or Astro config
 * changes. A page that starts to read more of the site than this must add it here: the
 * byte-identical test in test/incremental-build.test.ts fails until it does.
 */
export const pageKey = perSite((site) => {
  const { config, components, groups } = site.snapshot.content;
  const shared = digest(
    JSON.stringify([config, components, groups, describeZone(config.time_zone, site.snapshot.now)]),
  );
  // Plain JSON.stringify, without a replacer: a replacer function turns off V8's fast path,
  // and cost a long history's build about 2 s of its 22,000 keys.
  return <T>(props: Hashable<T>): string => digest(`${shared}\n${JSON.stringify(props)}`);
});

/**
 * A digest of one incident's state (all it shows, as the page key would write it), computed
 * once a build: a listing's key names its incidents by these rather than writing each whole
 * again. At 10,000 incidents each state was written into four keys on average (its page, a
 * history page, one to three component pages), about 90 MB of JSON and hashing a build.
 */
export const incidentDigests = perSite(() => {
  const digests = new WeakMap<IncidentState, string>();
  return (state: Hashable<IncidentState>): string => {
    let known = digests.get(state);
    if (known === undefined) {
      known = digest(JSON.stringify(state));
      digests.set(state, known);
    }
    return known;
  };
});

/**
 * Props that JSON writes whole. Maps and sets would be written as `{}` and functions left
 * out, hiding a change from the key, so the types refuse them: pass their entries instead.
 * A value with `toJSON` (rendered Markdown, whose source is what it shows) is written as that
 * method says.
 */
type Hashable<T> = T extends { readonly toJSON: () => unknown }
  ? T
  : T extends ReadonlyMap<unknown, unknown> | ReadonlySet<unknown> | ((...args: never[]) => unknown)
    ? never
    : T extends object
      ? { readonly [K in keyof T]: Hashable<T[K]> }
      : T;

function digest(text: string): string {
  return hash('sha256', text, 'base64url');
}
