import { Feed } from 'feed';

/** One entry of a feed: one update of an incident or maintenance window. */
export interface FeedEntry {
  /** A stable, unique id: the absolute URL of the update, with its anchor. */
  readonly id: string;
  /** Where the update is read (the incident page at the update, or the maintenance page). */
  readonly url: string;
  /** `Resolved: Elevated API error rates` — status first, as readers scan feeds. */
  readonly title: string;
  /** Sanitised HTML of the update's message. */
  readonly html: string;
  /** The message as plain text, for summaries. */
  readonly text: string;
  readonly time: number;
}

export interface FeedInput {
  readonly title: string;
  readonly description: string;
  /** Absolute URL of the page the feed belongs to. */
  readonly homeUrl: string;
  /** Absolute URLs of this feed in each format. */
  readonly feedUrls: { readonly rss: string; readonly atom: string; readonly json: string };
  /** Newest first. */
  readonly entries: readonly FeedEntry[];
  /** When nothing has been posted yet, the feed's "updated" time. */
  readonly now: number;
}

/** The newest entries a feed carries, so feeds stay small however long the history. */
export const FEED_LIMIT = 100;

function toFeed(input: FeedInput, limit: number): Feed {
  const entries = input.entries.slice(0, limit);
  const feed = new Feed({
    id: input.homeUrl,
    title: input.title,
    description: input.description,
    link: input.homeUrl,
    language: 'en',
    updated: new Date(entries[0]?.time ?? input.now),
    generator: 'Statusmark',
    feedLinks: input.feedUrls,
    copyright: '',
  });
  for (const entry of entries) {
    feed.addItem({
      id: entry.id,
      guid: entry.id,
      title: entry.title,
      link: entry.url,
      description: entry.text,
      content: entry.html,
      date: new Date(entry.time),
      published: new Date(entry.time),
    });
  }
  return feed;
}

export function renderRss(input: FeedInput, limit = FEED_LIMIT): string {
  return toFeed(input, limit).rss2();
}

export function renderAtom(input: FeedInput, limit = FEED_LIMIT): string {
  return toFeed(input, limit).atom1();
}

/** JSON Feed 1.1: the `feed` package writes version 1, whose items 1.1 reads unchanged. */
export function renderJsonFeed(input: FeedInput, limit = FEED_LIMIT): string {
  const feed = JSON.parse(toFeed(input, limit).json1()) as Record<string, unknown>;
  return `${JSON.stringify({ ...feed, version: 'https://jsonfeed.org/version/1.1', language: 'en' }, null, 2)}\n`;
}
