import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticSite } from '../../scripts/static-server.ts';
import { servedExample, type BuildResult, type ServedExample } from '../helpers/build-site.ts';
import { launchChromium } from '../helpers/chromium.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const NOW = '2026-11-23T12:00:00Z';

let browser: Browser;
let example: ServedExample;
let build: BuildResult;
let site: StaticSite;

/** Every page of the example site, served under `/status/` to prove the base path works. */
beforeAll(async () => {
  example = await servedExample({ base: '/status/', now: NOW });
  ({ build, site } = example);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await example.close();
});

async function pagePaths(): Promise<string[]> {
  const entries = await readdir(build.outDir, { recursive: true, withFileTypes: true });
  return (
    entries
      // `v1/…/incidents/index.html` only sends API readers on to incidents.json; it is no page.
      .filter(
        (entry) =>
          entry.isFile() &&
          entry.name === 'index.html' &&
          !entry.parentPath.includes(`${path.sep}v1${path.sep}`),
      )
      .map((entry) => path.relative(build.outDir, entry.parentPath).split(path.sep).join('/'))
      .map((dir) => (dir === '' ? '' : `${dir}/`))
      .sort()
  );
}

describe('the example site in Chromium', () => {
  it.each(['light', 'dark'] as const)(
    'has no axe-core violations on any page (%s)',
    async (scheme) => {
      const context = await browser.newContext({ colorScheme: scheme });
      const violations: string[] = [];
      const paths = [...(await pagePaths()), 'no-such-page/'];
      for (const pagePath of paths) {
        const page = await context.newPage();
        await page.goto(site.url + pagePath);
        await page.addScriptTag({ path: AXE });
        const found = await page.evaluate(async () => {
          // axe-core's global, added by the script tag above.
          const result = await (
            window as unknown as {
              axe: { run(): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
            }
          ).axe.run();
          return result.violations.map(
            (violation) => `${violation.id} (${violation.nodes.length})`,
          );
        });
        violations.push(...found.map((violation) => `/${pagePath}: ${violation}`));
        await page.close();
      }
      await context.close();
      expect(paths.length).toBeGreaterThan(40);
      expect(violations).toEqual([]);
    },
  );

  it('fits a 320 px wide screen on every page, without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
    const tooWide: string[] = [];
    for (const pagePath of await pagePaths()) {
      await page.goto(site.url + pagePath);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) tooWide.push(`/${pagePath}: ${width} px`);
    }
    await page.close();
    expect(tooWide).toEqual([]);
  });

  it('works with JavaScript disabled and ships no script', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.url);
    expect(await page.locator('#banner-title').textContent()).toBe('Minor Service Outage');
    expect(await page.locator('.incident-card h3').allTextContents()).toEqual([
      'Webhook retries are delayed',
    ]);
    // A folded group opens without script.
    const network = page.locator('details.group', { hasText: 'Network and edge' });
    expect(await network.getAttribute('open')).toBeNull();
    await network.locator(':scope > summary').click();
    expect(await network.getAttribute('open')).toBe('');
    expect(await network.locator('.component-name').allTextContents()).toEqual([
      'Edge network',
      'DNS',
    ]);
    // A day's details open by keyboard or touch, without script: no tooltip needed.
    const days = page.locator('.uptime-days').first();
    await days.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await days.getAttribute('open')).toBe('');
    expect(await days.locator('li').first().textContent()).toMatch(
      /^\d+ \w+ 2026: [\d.]+% uptime\./,
    );
    await context.close();
    for (const pagePath of await pagePaths()) {
      const html = await readFile(path.join(build.outDir, pagePath, 'index.html'), 'utf8');
      expect(html, pagePath).not.toContain('<script');
    }
  });

  it('has no broken internal link under the /status/ base path', async () => {
    const page = await browser.newPage();
    const origin = new URL(site.url).origin;
    const seen = new Set<string>();
    const queue = [site.url];
    const broken: string[] = [];
    while (queue.length > 0) {
      const url = queue.shift() ?? '';
      if (seen.has(url)) continue;
      seen.add(url);
      // Every URL is requested; only HTML is opened in the page (others would download).
      const response = await page.request.get(url);
      if (response.status() !== 200) {
        broken.push(`${url} → ${String(response.status())}`);
        continue;
      }
      if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) continue;
      await page.goto(url);
      const links = await page.$$eval('a[href], link[href], img[src]', (elements) =>
        elements.map(
          (element) => (element as HTMLAnchorElement).href || (element as HTMLImageElement).src,
        ),
      );
      for (const link of links) {
        const target = new URL(link);
        if (target.origin !== origin) continue;
        if (!target.pathname.startsWith('/status/'))
          broken.push(`${url} links outside the base: ${target.pathname}`);
        target.hash = '';
        queue.push(target.href);
      }
    }
    await page.close();
    expect(broken).toEqual([]);
    const reached = (pattern: RegExp) => [...seen].filter((url) => pattern.test(url)).length;
    // Every incident's page and its JSON are reachable by links alone.
    expect(reached(/\/status\/incidents\/[^/]+\/$/)).toBe(31);
    expect(reached(/\/status\/v1\/organizations\/tidewater\/incidents\/[^/]+$/)).toBe(31);
  });
});
