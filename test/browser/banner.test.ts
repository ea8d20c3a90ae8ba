import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { serveStatic } from '../../scripts/static-server.ts';
import { buildSite } from '../helpers/build-site.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { makeRepo, repoFiles } from '../helpers/content-repo.ts';

const MAINTENANCE = `---
kind: maintenance
title: Database upgrade
components: [dashboard]
scheduled_for: 2026-03-01T02:00:00Z
scheduled_until: 2026-03-01T04:00:00Z
updates:
  - at: 2026-02-25T10:00:00Z
    status: scheduled
    message: We will upgrade the database.
---
`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

/** The banner and the sections a visitor sees, in Chromium, for the site built as of `now`. */
async function visit(now: string) {
  const root = await makeRepo(repoFiles({ 'incidents/2026-02-24-db-upgrade.md': MAINTENANCE }));
  const build = await buildSite(root, now);
  if (build.code !== 0) throw new Error(build.output);
  const site = await serveStatic(build.outDir);
  try {
    const page = await browser.newPage();
    await page.goto(site.url);
    const seen = {
      banner: await page.locator('#banner-title').textContent(),
      active: await page.locator('#active-title').count(),
      maintenance: await page.locator('.maintenance-card h3').allTextContents(),
      dashboard: await page
        .locator('.component', { hasText: 'Dashboard' })
        .locator('.status')
        .textContent(),
    };
    await page.close();
    return seen;
  } finally {
    await site.close();
    await build.cleanup();
  }
}

describe('the banner follows the content at STATUSMARK_NOW', () => {
  it('reports an open incident', async () => {
    expect(await visit('2026-02-20T10:30:00Z')).toEqual({
      banner: 'Partial System Outage',
      active: 1,
      maintenance: [],
      dashboard: 'Operational',
    });
  });

  it('is all operational once the incident is resolved, with maintenance announced', async () => {
    expect(await visit('2026-02-26T00:00:00Z')).toEqual({
      banner: 'All Systems Operational',
      active: 0,
      maintenance: ['Database upgrade'],
      dashboard: 'Operational',
    });
  });

  it('shows maintenance in progress', async () => {
    expect(await visit('2026-03-01T03:00:00Z')).toEqual({
      banner: 'Service Under Maintenance',
      active: 0,
      maintenance: ['Database upgrade'],
      dashboard: 'Under maintenance',
    });
  });
});
