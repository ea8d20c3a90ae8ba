import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedExample, type ServedExample } from '../helpers/build-site.ts';

/**
 * Clients no one here wrote read the built example as a plain static host serves it: nginx's
 * default content types (`text/xml` with no charset, `application/octet-stream` for what it does
 * not know), no `_headers`, at the root and under a base path. Python's feedparser reads every
 * feed and the icalendar package the calendar, as feed readers and calendar apps do. They are
 * Debian packages (python3-feedparser, python3-icalendar), like Chromium for the other tests.
 */

const run = promisify(execFile);
const PYTHON = process.env.STATUSMARK_PYTHON ?? '/usr/bin/python3';

/** nginx's mime.types as shipped: no charset on XML, nothing for .ics or extension-less files. */
function nginxType(file: string): string {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.css': 'text/css',
    '.js': 'application/javascript',
    '.json': 'application/json',
    '.xml': 'text/xml',
    '.txt': 'text/plain',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
  };
  return types[path.extname(file)] ?? 'application/octet-stream';
}

const FEEDPARSER = `
import json, sys, feedparser
results = []
for url in sys.argv[1:]:
    feed = feedparser.parse(url)
    results.append({
        "url": url,
        "bozo": bool(feed.bozo),
        "problem": repr(feed.get("bozo_exception")) if feed.bozo else None,
        "version": feed.version,
        "encoding": feed.get("encoding"),
        "title": feed.feed.get("title"),
        "entries": [
            {"title": e.get("title"), "link": e.get("link"), "id": e.get("id"),
             "updated": bool(e.get("updated_parsed") or e.get("published_parsed"))}
            for e in feed.entries
        ],
    })
print(json.dumps(results))
`;

const ICALENDAR = `
import json, sys, urllib.request, icalendar
raw = urllib.request.urlopen(sys.argv[1]).read()
calendar = icalendar.Calendar.from_ical(raw)
events = [{"uid": str(e.get("uid")), "summary": str(e.get("summary")),
           "start": e.decoded("dtstart").isoformat(), "end": e.decoded("dtend").isoformat()}
          for e in calendar.walk("VEVENT")]
print(json.dumps({"events": events, "raw": raw.decode("ascii")}))
`;

interface ParsedFeed {
  url: string;
  bozo: boolean;
  problem: string | null;
  version: string;
  encoding: string | null;
  title: string | null;
  entries: { title: string | null; link: string | null; id: string | null; updated: boolean }[];
}

const sites: { name: string; base: string; served?: ServedExample }[] = [
  { name: 'at the root', base: '/' },
  { name: 'under /status/', base: '/status/' },
];

beforeAll(async () => {
  for (const entry of sites) {
    entry.served = await servedExample({ base: entry.base, typeOf: nginxType });
  }
}, 120_000);
afterAll(async () => {
  for (const entry of sites) await entry.served?.close();
});

describe.each(sites)('the example served by a plain static host $name', (entry) => {
  const site = () => entry.served?.site.url ?? '';

  it('has feeds Python’s feedparser reads without a single complaint', async () => {
    const outDir = entry.served?.build.outDir ?? '';
    const files = (await readdir(outDir, { recursive: true }))
      .map((file) => file.split(path.sep).join('/'))
      // Debian's feedparser (6.0) predates JSON Feed, which feedsmith reads in the unit tests.
      .filter((file) => /(^|\/)(feed|atom)\.xml$/.test(file))
      .sort();
    expect(files.length).toBe(2 * 14);
    const { stdout } = await run(
      PYTHON,
      ['-c', FEEDPARSER, ...files.map((file) => site() + file)],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const feeds = JSON.parse(stdout) as ParsedFeed[];
    for (const feed of feeds) {
      expect([feed.url, feed.bozo, feed.problem]).toEqual([feed.url, false, null]);
      expect(feed.version, feed.url).toMatch(/^(rss20|atom10)$/);
      expect(feed.title, feed.url).toBeTruthy();
      for (const item of feed.entries) {
        expect(item.title, feed.url).toBeTruthy();
        expect(item.id, feed.url).toBeTruthy();
        expect(item.updated, feed.url).toBe(true);
        expect(
          item.link?.startsWith(`https://status.tidewater.example${entry.base}`),
          feed.url,
        ).toBe(true);
      }
    }
    const main = feeds.find((feed) => feed.url === `${site()}feed.xml`);
    expect(main?.entries.length).toBeGreaterThan(20);
    // Every link of a feed names a page the site has (the host here is the real URL's stand-in).
    for (const link of new Set(main?.entries.map((item) => item.link ?? ''))) {
      const local = link.replace(`https://status.tidewater.example${entry.base}`, site());
      const response = await fetch(local);
      expect(response.status, link).toBe(200);
    }
  });

  it('has a calendar the icalendar package reads, every line ending in CRLF', async () => {
    const { stdout } = await run(PYTHON, ['-c', ICALENDAR, `${site()}maintenance.ics`]);
    const { events, raw } = JSON.parse(stdout) as {
      events: { uid: string; summary: string; start: string; end: string }[];
      raw: string;
    };
    expect(events.map((event) => event.summary).sort()).toEqual([
      'Maintenance: DNS name server migration',
      'Maintenance: PostgreSQL 18 upgrade for managed databases in eu-central',
    ]);
    for (const event of events) expect(event.end > event.start, event.uid).toBe(true);
    // RFC 5545 §3.1: lines end with CRLF and fold at 75 octets.
    expect(raw.endsWith('\r\n')).toBe(true);
    const lines = raw.split('\r\n').slice(0, -1);
    for (const line of lines) {
      expect(line.includes('\n') || line.includes('\r'), line).toBe(false);
      expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
    }
  });
});
