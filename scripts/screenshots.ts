// Builds the example site as of a fixed time and screenshots its main pages in Debian's
// Chromium: `npm run screenshots`. Writes docs/screenshots/*.png (the README shows one), or
// into the folder after `--out`, e.g. to compare a change with what was there before.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buildSite, PROJECT } from '../test/helpers/build-site.ts';
import { launchChromium } from '../test/helpers/chromium.ts';
import { serveStatic } from './static-server.ts';

const NOW = '2026-11-23T12:00:00Z';
const PAGES = [
  ['home', ''],
  ['incident', 'incidents/2026-08-24-api-outage/'],
  ['component', 'components/webhooks/'],
  ['maintenance', 'maintenance/'],
  ['subscribe', 'subscribe/'],
] as const;
const VIEWPORTS = [
  ['desktop', 1280, 900],
  ['mobile', 390, 844],
] as const;
const SCHEMES = ['light', 'dark'] as const;

const outFlag = process.argv.indexOf('--out');
const folder =
  outFlag === -1
    ? path.join(PROJECT, 'docs', 'screenshots')
    : path.resolve(process.argv[outFlag + 1] ?? '.');
await mkdir(folder, { recursive: true });
const build = await buildSite(PROJECT, NOW);
if (build.code !== 0) throw new Error(build.output);
const site = await serveStatic(build.outDir);
const browser = await launchChromium();
try {
  for (const scheme of SCHEMES) {
    for (const [device, width, height] of VIEWPORTS) {
      const context = await browser.newContext({
        viewport: { width, height },
        colorScheme: scheme,
      });
      for (const [name, pagePath] of PAGES) {
        const page = await context.newPage();
        await page.goto(site.url + pagePath);
        const file = path.join(folder, `${name}-${device}-${scheme}.png`);
        await page.screenshot({ path: file });
        process.stdout.write(`Wrote ${path.relative(PROJECT, file)}\n`);
        await page.close();
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await site.close();
  await build.cleanup();
}
