import { feedEntries, type SiteFeedEntries } from '../render/feed-entries.ts';
import { jsonFeed, renderAtom, renderRss, type FeedInput } from '../render/feeds.ts';
import { absoluteUrl } from '../render/format.ts';
import { jsonFeedSchema } from '../schema/api.ts';
import { jsonResponse } from './json.ts';
import { getSite, perSite } from './snapshot.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

/** The file names of a feed in each format, under the site root or a component's folder. */
export const FEED_FILES: Readonly<Record<FeedFormat, string>> = {
  rss: 'feed.xml',
  atom: 'atom.xml',
  json: 'feed.json',
};

const CONTENT_TYPES: Readonly<Record<'rss' | 'atom', string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

const getEntries: () => Promise<SiteFeedEntries> = perSite((site) => feedEntries(site.snapshot));

/** The site's feed, or one component's, in one format. */
export async function feedResponse(format: FeedFormat, componentId?: string): Promise<Response> {
  const { snapshot, componentById } = await getSite();
  const { config } = snapshot.content;
  const all = await getEntries();
  const component = componentId === undefined ? undefined : componentById.get(componentId);
  const folder = component === undefined ? '' : `components/${component.id}/`;
  const input: FeedInput = {
    title: component === undefined ? config.name : `${component.name} · ${config.name}`,
    description:
      component === undefined
        ? config.description || `Incidents and maintenance of ${config.name}.`
        : `Incidents and maintenance affecting ${component.name}.`,
    author: config.name,
    homeUrl: absoluteUrl(config, folder),
    feedUrls: {
      rss: absoluteUrl(config, `${folder}${FEED_FILES.rss}`),
      atom: absoluteUrl(config, `${folder}${FEED_FILES.atom}`),
      json: absoluteUrl(config, `${folder}${FEED_FILES.json}`),
    },
    entries: component === undefined ? all.all : (all.byComponent.get(component.id) ?? []),
    now: snapshot.now,
  };
  if (format === 'json') {
    return jsonResponse(`${folder}feed.json`, jsonFeed(input), jsonFeedSchema);
  }
  const render = { rss: renderRss, atom: renderAtom }[format];
  return new Response(render(input), { headers: { 'Content-Type': CONTENT_TYPES[format] } });
}
