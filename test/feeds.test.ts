import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseContent } from '../src/content/parse-content.ts';
import { computeSnapshot } from '../src/domain/snapshot.ts';
import { feedEntries } from '../src/render/feed-entries.ts';
import { renderAtom, renderJsonFeed, renderRss, type FeedInput } from '../src/render/feeds.ts';
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
    expect(renderJsonFeed(input)).toMatchSnapshot('json');
    expect(renderRss(input, 1).match(/<item>/g)).toHaveLength(1);
  });
});
