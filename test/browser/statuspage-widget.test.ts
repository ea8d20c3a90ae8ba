import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticSite } from '../../scripts/static-server.ts';
import { buildSite, PROJECT, type BuildResult } from '../helpers/build-site.ts';
import { launchChromium } from '../helpers/chromium.ts';

/**
 * Atlassian's own embeddable widget (`@statuspage/status-widget`), written for Statuspage, on
 * another origin reading the example at the root of a host that allows cross-origin reads (as
 * GitHub Pages does). It always asks for `/api/v2/summary.json` at the root of its `src`, so
 * under a base path only Statusmark's widget works (test/browser/widget.test.ts).
 */

const WIDGET = createRequire(import.meta.url).resolve('@statuspage/status-widget/dist/index.js');

let browser: Browser;
let build: BuildResult;
let site: StaticSite;
let app: Server;
let appUrl: string;

beforeAll(async () => {
  build = await buildSite(PROJECT, '2026-11-23T12:00:00Z');
  if (build.code !== 0) throw new Error(build.output);
  site = await serveStatic(build.outDir, '/', undefined, { 'Access-Control-Allow-Origin': '*' });
  const bundle = await readFile(WIDGET);
  app = createServer((request, response) => {
    if (request.url === '/widget.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' });
      response.end(bundle);
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>App</title>
<script src="/widget.js"></script>
<statuspage-widget src="${site.url.replace(/\/$/, '')}"></statuspage-widget>`);
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const address = app.address();
  appUrl =
    typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}/` : '';
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser.close();
  await site.close();
  await new Promise((resolve) => app.close(resolve));
  await build.cleanup();
});

describe('Atlassian’s status widget', () => {
  it('shows the example’s status from summary.json', async () => {
    const page = await browser.newPage();
    await page.goto(appUrl);
    // The widget draws into its shadow root.
    const shown = () =>
      page.evaluate(() => {
        const root = document.querySelector('statuspage-widget')?.shadowRoot;
        return root?.querySelector('.status-container')?.textContent.replace(/\s+/g, ' ').trim();
      });
    await expect.poll(shown, { timeout: 10_000 }).toContain('Minor Service Outage');
    await page.close();
  });
});
