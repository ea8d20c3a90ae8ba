import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticSite } from '../../scripts/static-server.ts';
import { buildSite, builtFiles, type BuildResult } from '../helpers/build-site.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { hostileRepo } from '../helpers/hostile-repo.ts';

let browser: Browser;
let build: BuildResult;
let site: StaticSite;
let removeRepo: () => Promise<void> = () => Promise.resolve();

/**
 * The hostile site served by a host that guesses the worst: every HTML page, every folder index
 * and every file without an extension as `text/html`, with no `_headers` support. JSON files
 * keep their own type, as every host gives `.json`; they are opened too.
 */
beforeAll(async () => {
  const root = await hostileRepo((remove) => (removeRepo = remove));
  build = await buildSite(root, '2026-02-20T12:00:00Z');
  if (build.code !== 0) throw new Error(build.output);
  site = await serveStatic(build.outDir, '/', (file) =>
    path.extname(file) === '' || file.endsWith('.html')
      ? 'text/html'
      : file.endsWith('.json')
        ? 'application/json'
        : 'application/octet-stream',
  );
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await site.close();
  await build.cleanup();
  await removeRepo();
});

describe('hostile content in Chromium', () => {
  it('runs no script on any page, folder index or API document', async () => {
    const urls = (await builtFiles(build.outDir))
      .filter(
        (file) => file.endsWith('.html') || file.endsWith('.json') || path.extname(file) === '',
      )
      .map((file) => new URL(file, site.url).href);
    expect(urls.length).toBeGreaterThan(30);
    const page = await browser.newPage({ javaScriptEnabled: true });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const pwned: string[] = [];
    for (const url of urls) {
      const response = await page.goto(url, { waitUntil: 'load' });
      // The API folder's index sends the reader on (a meta refresh): read after it settles.
      await page.waitForLoadState('networkidle');
      const marker = await page
        .evaluate(() => (window as { pwned?: unknown }).pwned)
        .catch(async () => {
          await page.waitForLoadState('load');
          return page.evaluate(() => (window as { pwned?: unknown }).pwned);
        });
      if (marker !== undefined) pwned.push(`${url}: ${JSON.stringify(marker)}`);
      // Chromium's own JSON viewer adds scripts to JSON documents; pages served as HTML (and
      // still showing, not sent on) must have none.
      const html = response?.headers()['content-type'] === 'text/html' && page.url() === url;
      if (html) expect(await page.locator('script').count(), url).toBe(0);
    }
    expect(pwned).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
