import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticSite } from '../../scripts/static-server.ts';
import { servedExample, type ServedExample } from '../helpers/build-site.ts';
import { launchChromium } from '../helpers/chromium.ts';

/**
 * The status widget as a team's app uses it: the page is on one origin, the status site on
 * another, served under a base path with the cross-origin header GitHub Pages sends.
 */

let browser: Browser;
let example: ServedExample;
let site: StaticSite;
let app: Server;
let appUrl: string;

beforeAll(async () => {
  example = await servedExample({
    base: '/status/',
    headers: { 'Access-Control-Allow-Origin': '*' },
  });
  site = example.site;
  app = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>App</title>
<p id="plain"><a data-statusmark href="${site.url}">Status</a></p>
<div id="detailed" data-statusmark="components"></div>
<script src="${site.url}widget.js" async></script>`);
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const address = app.address();
  appUrl =
    typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}/` : '';
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser.close();
  await new Promise((resolve) => app.close(resolve));
  await example.close();
});

describe('the status widget', () => {
  it('shows the status from another origin, under a base path, as a link to the page', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(appUrl);
    await page.waitForFunction(() => document.querySelector('#plain a span') !== null);
    expect(await page.locator('#plain').textContent()).toBe('Minor Service Outage');
    expect(await page.locator('#plain a').getAttribute('href')).toBe(site.url);
    expect(await page.locator('#detailed a').getAttribute('href')).toBe(site.url);
    expect(await page.locator('#detailed li').allTextContents()).toEqual([
      'Webhooks: Degraded performance',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is small and has no dependencies', async () => {
    const source = await readFile(path.join(example.build.outDir, 'widget.js'), 'utf8');
    expect(source.length).toBeLessThan(4096);
    expect(source).not.toMatch(/\bimport\b|\brequire\(|innerHTML/);
  });
});
