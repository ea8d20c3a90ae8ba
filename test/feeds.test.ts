import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkContent } from '../src/content/load.ts';
import { parseContent } from '../src/content/parse-content.ts';
import { computeSnapshot } from '../src/domain/snapshot.ts';
import { feedEntries } from '../src/render/feed-entries.ts';
import { jsonFeed, renderAtom, renderRss, type FeedInput } from '../src/render/feeds.ts';
import { jsonText } from '../src/render/json-text.ts';
import { buildSite, PROJECT, type BuildResult } from './helpers/build-site.ts';
import { contentFiles, repoFiles } from './helpers/content-repo.ts';

const NOW = '2026-11-23T12:00:00Z';
let build: BuildResult;

beforeAll(async () => {
  build = await buildSite(PROJECT, NOW);
  if (build.code !== 0) throw new Error(build.output);
});
afterAll(() => build.cleanup());

const read = (file: string) => readFile(path.join(build.outDir, file), 'utf8');

/** The ids of a feed's entries, in order, as each format's parser reads them. */
async function idsOf(folder: string) {
  const rss = parseRssFeed(await read(`${folder}feed.xml`));
  const atom = parseAtomFeed(await read(`${folder}atom.xml`));
  const json = parseJsonFeed(await read(`${folder}feed.json`));
  return {
    rss: (rss.items ?? []).map((item) => item.guid?.value),
    atom: (atom.entries ?? []).map((entry) => entry.id),
    json: (json.items ?? []).map((item) => item.id),
    titles: (rss.items ?? []).map((item) => item.title ?? ''),
  };
}

describe('feeds of the example site', () => {
  it('carry the newest 100 updates, the same in RSS, Atom and JSON Feed', async () => {
    const { rss, atom, json, titles } = await idsOf('');
    expect(rss).toHaveLength(100);
    expect(atom).toEqual(rss);
    expect(json).toEqual(rss);
    expect(new Set(rss).size).toBe(100);
    expect(rss[0]).toBe(
      'https://status.tidewater.example/incidents/2026-11-23-webhooks-retries-delayed/#update-20261123T091200Z',
    );
    expect(titles[0]).toBe('Identified: Webhook retries are delayed (23 Nov 2026, 09:12 UTC)');
    expect(titles).toContain(
      'Maintenance scheduled: DNS name server migration (20 Nov 2026, 09:00 UTC)',
    );
  });

  it('declares JSON Feed 1.1 and links to itself', async () => {
    const json = JSON.parse(await read('feed.json')) as Record<string, unknown>;
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.feed_url).toBe('https://status.tidewater.example/feed.json');
  });

  it('has feeds per component with only the updates that affect it', async () => {
    const { rss, atom, json } = await idsOf('components/support/');
    // Two incidents affected the support portal, with two updates each.
    expect(rss).toEqual([
      'https://status.tidewater.example/incidents/2026-11-02-support-chat-down/#update-20261102T131200Z',
      'https://status.tidewater.example/incidents/2026-11-02-support-chat-down/#update-20261102T111200Z',
      'https://status.tidewater.example/incidents/2026-08-19-docs-search-unavailable/#update-20260819T123500Z',
      'https://status.tidewater.example/incidents/2026-08-19-docs-search-unavailable/#update-20260819T113000Z',
    ]);
    expect(atom).toEqual(rss);
    expect(json).toEqual(rss);
  });

  it('parses for every component, the same entries in each format', async () => {
    const components = await readdir(path.join(build.outDir, 'components'));
    expect(components).toHaveLength(13);
    for (const id of components) {
      const { rss, atom, json, titles } = await idsOf(`components/${id}/`);
      expect(atom, id).toEqual(rss);
      expect(json, id).toEqual(rss);
      expect(
        titles.every((title) => /^[A-Z][a-z ]+: /.test(title)),
        id,
      ).toBe(true);
    }
  });

  it('is advertised on every page by autodiscovery links', async () => {
    const home = await read('index.html');
    expect(home).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Tidewater Status (RSS)" href="/feed.xml">',
    );
    const component = await read('components/dns/index.html');
    expect(component).toContain('href="/components/dns/atom.xml"');
    expect(component).toContain('href="/feed.json"');
  });
});

describe('feed text', () => {
  it('renders each update as an entry readers understand', () => {
    const { content } = parseContent(contentFiles(repoFiles()));
    if (!content) throw new Error('no content');
    const snapshot = computeSnapshot(content, Date.parse('2026-02-21T00:00:00Z'));
    const input: FeedInput = {
      title: 'Example Status',
      description: 'Status of Example.',
      author: 'Example Status',
      homeUrl: 'https://status.example.com/',
      feedUrls: {
        rss: 'https://status.example.com/feed.xml',
        atom: 'https://status.example.com/atom.xml',
        json: 'https://status.example.com/feed.json',
      },
      entries: feedEntries(snapshot).all,
      now: snapshot.now,
    };
    expect(renderRss(input)).toMatchSnapshot('rss');
    expect(renderAtom(input)).toMatchSnapshot('atom');
    expect(jsonText(jsonFeed(input))).toMatchSnapshot('json');
    expect(renderRss(input, 1).match(/<item>/g)).toHaveLength(1);
  });
});

describe('feed entries', () => {
  it('are the newest of the site and of each component, whatever the limit', async () => {
    // The bundled example: 33 entries over a dozen components, some sharing an update time.
    const { content } = await checkContent(PROJECT);
    if (!content) throw new Error('no content');
    const snapshot = computeSnapshot(content, Date.parse(NOW));
    const every = feedEntries(snapshot, Number.MAX_SAFE_INTEGER);
    expect(every.all.length).toBeGreaterThan(50);
    for (const limit of [1, 2, 5, 20]) {
      const newest = feedEntries(snapshot, limit);
      expect(newest.all).toEqual(every.all.slice(0, limit));
      for (const [id, entries] of every.byComponent) {
        expect(newest.byComponent.get(id)).toEqual(entries.slice(0, limit));
      }
    }
  });
});

describe('feed text safety', () => {
  const hostile = 'Café <b>bold</b> & "q" ]]><script>alert(1)</script>\u0007 \u{1F525}';
  const input: FeedInput = {
    title: hostile,
    description: hostile,
    author: hostile,
    homeUrl: 'https://status.example.com/',
    feedUrls: {
      rss: 'https://status.example.com/feed.xml',
      atom: 'https://status.example.com/atom.xml',
      json: 'https://status.example.com/feed.json',
    },
    entries: [
      {
        id: 'https://status.example.com/incidents/x/#update-1',
        url: 'https://status.example.com/incidents/x/',
        title: hostile,
        html: '<p>Caf\u00e9 &lt;b&gt; ]]&gt;</p>',
        text: hostile,
        time: Date.parse('2026-02-20T10:00:00Z'),
      },
    ],
    now: 0,
  };
  const plain = hostile.replace('\u0007', '');

  it('keeps plain text plain, in ASCII, with no CDATA and no character XML forbids', () => {
    for (const xml of [renderRss(input), renderAtom(input)]) {
      expect(xml).toMatch(/^[\t\n\r\x20-\x7e]*$/);
      expect(xml).not.toContain('CDATA');
      expect(xml).not.toContain('<script');
      expect(xml).not.toContain('<b>');
      expect(xml).not.toContain('type="html">Caf');
    }
    const atom = parseAtomFeed(renderAtom(input));
    // feedsmith reads an Atom text construct as { value, type }.
    const value = (text: unknown) => (text as { value?: string } | undefined)?.value;
    expect(value(atom.title)).toBe(plain);
    expect(atom.authors?.[0]?.name).toBe(plain);
    expect(value(atom.entries?.[0]?.title)).toBe(plain);
    expect(value(atom.entries?.[0]?.summary)).toBe(plain);
    expect(atom.entries?.[0]?.content).toEqual({
      value: '<p>Café &lt;b&gt; ]]&gt;</p>',
      type: 'html',
    });
    const rss = parseRssFeed(renderRss(input));
    // RSS readers take titles and descriptions as HTML: escaped once, they show the text as written.
    expect(rss.items?.[0]?.title).toBe(
      plain
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;'),
    );
    const json = parseJsonFeed(jsonText(jsonFeed(input)));
    expect(json.items?.[0]?.title).toBe(hostile);
    expect(jsonText(jsonFeed(input))).not.toMatch(/[<>&]/);
  });
});
