import { escapeHtml } from './html-text.ts';
import { xmlElement } from './xml-text.ts';

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
  /** Who publishes the feed: the site's name (Atom requires an author). */
  readonly author: string;
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

/*
 * Each format's text rules, in one place:
 * - Atom (RFC 4287): titles and summaries are text constructs of type "text", the message is
 *   `content type="html"` holding the sanitised HTML as escaped text.
 * - RSS 2.0: readers take titles and descriptions as HTML, so the plain text is HTML-escaped
 *   first (then XML-escaped), and `<b>` in a title shows as `<b>`; the message's HTML goes in
 *   `content:encoded`.
 * - JSON Feed 1.1: `title` and `summary` are plain text, `content_html` the sanitised HTML.
 * Every XML value passes through `xmlText` (see xml-text.ts).
 */

export function renderRss(input: FeedInput, limit = FEED_LIMIT): string {
  const entries = input.entries.slice(0, limit);
  const items = entries.map((entry) =>
    [
      '    <item>',
      `      ${xmlElement('title', escapeHtml(entry.title))}`,
      `      ${xmlElement('link', entry.url)}`,
      `      ${xmlElement('guid', entry.id, { isPermaLink: 'false' })}`,
      `      ${xmlElement('pubDate', new Date(entry.time).toUTCString())}`,
      `      ${xmlElement('description', escapeHtml(entry.text))}`,
      `      ${xmlElement('content:encoded', entry.html)}`,
      '    </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    '  <channel>',
    `    ${xmlElement('title', escapeHtml(input.title))}`,
    `    ${xmlElement('link', input.homeUrl)}`,
    `    ${xmlElement('description', escapeHtml(input.description))}`,
    `    ${xmlElement('language', 'en')}`,
    `    ${xmlElement('lastBuildDate', new Date(updatedAt(input, entries)).toUTCString())}`,
    `    ${xmlElement('generator', 'Statusmark')}`,
    `    ${xmlElement('docs', 'https://www.rssboard.org/rss-specification')}`,
    `    ${xmlElement('atom:link', null, { href: input.feedUrls.rss, rel: 'self', type: 'application/rss+xml' })}`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

export function renderAtom(input: FeedInput, limit = FEED_LIMIT): string {
  const entries = input.entries.slice(0, limit);
  const items = entries.map((entry) => {
    const time = new Date(entry.time).toISOString();
    return [
      '  <entry>',
      `    ${xmlElement('id', entry.id)}`,
      `    ${xmlElement('title', entry.title)}`,
      `    ${xmlElement('link', null, { rel: 'alternate', type: 'text/html', href: entry.url })}`,
      `    ${xmlElement('published', time)}`,
      `    ${xmlElement('updated', time)}`,
      `    ${xmlElement('summary', entry.text)}`,
      `    ${xmlElement('content', entry.html, { type: 'html' })}`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `  ${xmlElement('id', input.homeUrl)}`,
    `  ${xmlElement('title', input.title)}`,
    `  ${xmlElement('subtitle', input.description)}`,
    `  ${xmlElement('updated', new Date(updatedAt(input, entries)).toISOString())}`,
    `  <author>${xmlElement('name', input.author)}${xmlElement('uri', input.homeUrl)}</author>`,
    `  ${xmlElement('generator', 'Statusmark')}`,
    `  ${xmlElement('link', null, { rel: 'alternate', type: 'text/html', href: input.homeUrl })}`,
    `  ${xmlElement('link', null, { rel: 'self', type: 'application/atom+xml', href: input.feedUrls.atom })}`,
    ...items,
    '</feed>',
    '',
  ].join('\n');
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), as an object to check and write. */
export function jsonFeed(input: FeedInput, limit = FEED_LIMIT): Record<string, unknown> {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: input.title,
    home_page_url: input.homeUrl,
    feed_url: input.feedUrls.json,
    description: input.description,
    language: 'en',
    authors: [{ name: input.author, url: input.homeUrl }],
    items: input.entries.slice(0, limit).map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: entry.title,
      summary: entry.text,
      content_html: entry.html,
      date_published: new Date(entry.time).toISOString(),
      date_modified: new Date(entry.time).toISOString(),
    })),
  };
}

function updatedAt(input: FeedInput, entries: readonly FeedEntry[]): number {
  return entries[0]?.time ?? input.now;
}
