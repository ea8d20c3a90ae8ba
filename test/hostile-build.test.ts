import { spawn } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, builtFiles, PROJECT, type BuildResult } from './helpers/build-site.ts';
import { makeRepo, repoFiles } from './helpers/content-repo.ts';
import { HOSTILE_TITLE, hostileRepo } from './helpers/hostile-repo.ts';

let build: BuildResult;
let files: string[];
let removeRepo: () => Promise<void> = () => Promise.resolve();

beforeAll(async () => {
  const root = await hostileRepo((remove) => (removeRepo = remove));
  build = await buildSite(root, '2026-02-20T12:00:00Z');
  if (build.code !== 0) throw new Error(build.output);
  files = await builtFiles(build.outDir);
});
afterAll(async () => {
  await build.cleanup();
  await removeRepo();
});

const read = (file: string) => readFile(path.join(build.outDir, file), 'utf8');

describe('hostile content, built', () => {
  it('builds, with no script anywhere and the words still shown', async () => {
    const pages = files.filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const html = await read(page);
      // Attribute values are text to a browser (`content="<script>"` runs nothing).
      const markup = html.replace(/="[^"]*"/g, '=""');
      const found = /.{0,60}(?:<script|<img[^>]*onerror|javascript:|<iframe).{0,60}/is.exec(markup);
      expect(found?.[0], page).toBeUndefined();
    }
    const incident = await read('incidents/2026-02-20-hostile/index.html');
    expect(incident).toContain('We are looking into it');
    expect(incident).toContain('Café &lt;script&gt;');
  });

  it('writes JSON that parses and carries no <, > or & a browser could read as markup', async () => {
    const json = files.filter(
      (file) => file.endsWith('.json') || (file.startsWith('v1/') && path.extname(file) === ''),
    );
    expect(json.length).toBeGreaterThan(20);
    for (const file of json) {
      const text = await read(file);
      expect(text, file).not.toMatch(/[<>&]/);
      expect(() => JSON.parse(text) as unknown, file).not.toThrow();
    }
    const incident = JSON.parse(
      await read('v1/organizations/example/incidents/2026-02-20-hostile'),
    ) as {
      title: string;
    };
    expect(incident.title).toBe(HOSTILE_TITLE);
  });

  it('writes no folder index that holds content', async () => {
    const listing = await read('v1/organizations/example/incidents/index.html');
    expect(listing).not.toContain('pwned');
    expect(listing).toContain('incidents.json');
  });

  it('writes feeds every parser reads, the titles as plain text', async () => {
    const feeds = files.filter((file) => /(^|\/)(feed\.xml|atom\.xml|feed\.json)$/.test(file));
    expect(feeds.length).toBe(3 * 4);
    for (const file of feeds) {
      const text = await read(file);
      if (file.endsWith('.json')) {
        expect(parseJsonFeed(text).title, file).toBeTruthy();
        continue;
      }
      // Pure ASCII, no CDATA, no raw markup: whatever charset a host names, it reads the same.
      expect(text, file).toMatch(/^[\t\n\r\x20-\x7e]*$/);
      expect(text, file).not.toMatch(/CDATA|<script|<img/);
      if (file.endsWith('atom.xml')) {
        const atom = parseAtomFeed(text);
        const titles = (atom.entries ?? []).map(
          (entry) => (entry.title as { value?: string } | undefined)?.value,
        );
        // The incident affects the API only: other components' feeds have no entry.
        const affected = file === 'atom.xml' || file === 'components/api/atom.xml';
        expect(
          titles.some((title) => title?.includes(HOSTILE_TITLE)),
          file,
        ).toBe(affected);
      } else {
        expect(parseRssFeed(text).title, file).toBeTruthy();
      }
    }
  });

  it('writes a calendar ical.js reads, every line ending in CRLF', async () => {
    const text = await read('maintenance.ics');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const event = calendar.getFirstSubcomponent('vevent');
    expect(String(event?.getFirstPropertyValue('summary'))).toBe(`Maintenance: ${HOSTILE_TITLE}`);
  });

  it('writes badges with the names escaped', async () => {
    for (const file of files.filter((name) => name.endsWith('.svg') && name.includes('badge'))) {
      expect(await read(file), file).not.toMatch(/<script|<img|onerror=/);
    }
  });
});

describe('a build that stops', () => {
  it('leaves no site where a deploy looks, however far it got', async () => {
    const root = await makeRepo(repoFiles());
    const parent = await mkdtemp(path.join(tmpdir(), 'statusmark-killed-'));
    const outDir = path.join(parent, 'dist');
    const staging = path.join(parent, '.dist.partial');
    try {
      const child = spawn(
        process.execPath,
        [path.join(PROJECT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir],
        {
          cwd: PROJECT,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, STATUSMARK_ROOT: root },
          stdio: 'ignore',
        },
      );
      const progress = { exited: false };
      const exit = new Promise((resolve) => child.once('exit', resolve)).then(() => {
        progress.exited = true;
      });
      // Killed as soon as the build writes into the staging folder (assets, then pages).
      while (!progress.exited) {
        const written = await readdir(staging, { recursive: true }).catch(() => []);
        if (written.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(progress.exited, 'the build finished before it could be stopped').toBe(false);
      child.kill('SIGKILL');
      await exit;
      await expect(access(outDir)).rejects.toThrow();
      // The next build starts clean and publishes a whole site.
      const next = await buildSite(root, '2026-02-20T12:00:00Z');
      expect(next.code).toBe(0);
      await access(path.join(next.outDir, 'index.html'));
      await expect(access(path.join(path.dirname(next.outDir), '.dist.partial'))).rejects.toThrow();
      await next.cleanup();
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 180_000);
});
