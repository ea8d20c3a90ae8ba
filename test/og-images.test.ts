import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildSite, copyExample } from './helpers/build-site.ts';

const NOW = '2026-11-23T12:00:00Z';
const OPEN_INCIDENT = 'incidents/2026-11-23-webhooks-retries-delayed.md';

/** The social images a build drew (rather than took from the cache), from its log. */
function rendered(output: string): string[] {
  return [...output.matchAll(/rendered social image (\S+)/g)].map((match) => match[1] ?? '').sort();
}

describe('social images', () => {
  it('are cached by their inputs: a rebuild draws only what changed', async () => {
    const example = await copyExample();
    const cache = await mkdtemp(path.join(tmpdir(), 'statusmark-og-'));
    onTestFinished(async () => {
      await example.cleanup();
      await rm(cache, { recursive: true, force: true });
    });
    const build = async () => {
      const result = await buildSite(example.root, NOW, { STATUSMARK_CACHE_DIR: cache });
      onTestFinished(result.cleanup);
      if (result.code !== 0) throw new Error(result.output);
      return result;
    };

    const first = await build();
    expect(rendered(first.output)).toHaveLength(34);
    const png = await readFile(path.join(first.outDir, 'og', 'site.png'));
    expect([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    // IHDR: 1200 × 630, a 4-bit palette (colour type 3), a fraction of a true-colour card's bytes.
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([
      1200, 630, 4, 3,
    ]);
    expect(png.length).toBeLessThan(20_000);
    const html = await readFile(
      path.join(first.outDir, 'incidents', '2026-08-24-api-outage', 'index.html'),
      'utf8',
    );
    expect(html).toContain(
      '<meta property="og:image" content="https://status.tidewater.example/og/incidents/2026-08-24-api-outage.png">',
    );
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');

    expect(rendered((await build()).output)).toEqual([]);

    // One incident gets a new update: its card and the site's card ("Updated …") change.
    const text = await readFile(path.join(example.root, OPEN_INCIDENT), 'utf8');
    const updated = text.replace(
      /\n---\n$/,
      '\n  - at: 2026-11-23T11:30:00Z\n    status: monitoring\n    message: Retries have caught up.\n---\n',
    );
    expect(updated).not.toBe(text);
    await writeFile(path.join(example.root, OPEN_INCIDENT), updated);
    expect(rendered((await build()).output)).toEqual([
      'og/incidents/2026-11-23-webhooks-retries-delayed.png',
      'og/site.png',
    ]);
  });
});
