import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildSite, builtFiles, copyExample, EXAMPLE_NOW } from './helpers/build-site.ts';

/**
 * The caches a deploy keeps (drawn cards, rendered Markdown) only ever save time: a build with
 * them warm writes exactly the bytes a build without them writes, before and after a change.
 */
async function snapshotOf(outDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of await builtFiles(outDir)) {
    files.set(file, (await readFile(path.join(outDir, file))).toString('base64'));
  }
  return files;
}

describe('builds with warm caches', () => {
  it('write the same bytes as builds without them, before and after an update', async () => {
    const example = await copyExample();
    onTestFinished(example.cleanup);
    const cache = await mkdtemp(path.join(tmpdir(), 'statusmark-cache-'));
    onTestFinished(() => rm(cache, { recursive: true, force: true }));
    const build = async (cacheDir: string) => {
      const result = await buildSite(example.root, EXAMPLE_NOW, { STATUSMARK_CACHE_DIR: cacheDir });
      onTestFinished(result.cleanup);
      expect(result.code, result.output).toBe(0);
      return { files: await snapshotOf(result.outDir), output: result.output };
    };
    const cold = await build(cache);
    expect(cold.output).toMatch(/Statusmark: 34 social images \(34 drawn\)/);
    expect((await readdir(cache)).filter((name) => name.startsWith('markdown-'))).toHaveLength(1);
    const warm = await build(cache);
    expect(warm.output).toMatch(/Statusmark: 34 social images \(0 drawn\)/);
    expect(warm.files).toEqual(cold.files);

    // An update to one incident: the warm build redraws its card and renders its new message.
    const file = path.join(example.root, 'incidents', '2026-11-23-webhooks-retries-delayed.md');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text.replace(
        /\nupdates:\n/,
        '\nupdates:\n  - at: 2026-11-23T08:10:00Z\n    status: investigating\n    message: An **earlier** note, added later.\n',
      ),
    );
    const changed = await build(cache);
    expect(changed.output).toMatch(/Statusmark: 34 social images \([1-9]\d* drawn\)/);
    const fresh = await mkdtemp(path.join(tmpdir(), 'statusmark-cache-'));
    onTestFinished(() => rm(fresh, { recursive: true, force: true }));
    const full = await build(fresh);
    expect(changed.files).toEqual(full.files);
  }, 240_000);

  it('leave no output, whole or seeded, when the content turns invalid', async () => {
    const example = await copyExample();
    onTestFinished(example.cleanup);
    const cache = await mkdtemp(path.join(tmpdir(), 'statusmark-cache-'));
    onTestFinished(() => rm(cache, { recursive: true, force: true }));
    const valid = await buildSite(example.root, EXAMPLE_NOW, { STATUSMARK_CACHE_DIR: cache });
    onTestFinished(valid.cleanup);
    expect(valid.code, valid.output).toBe(0);
    // The next build seeds its staging folder from the pages kept, then finds the content bad.
    const file = path.join(example.root, 'incidents', '2026-11-23-webhooks-retries-delayed.md');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(/\nimpact: \w+\n/, '\nimpact: huge\n'),
    );
    const invalid = await buildSite(example.root, EXAMPLE_NOW, { STATUSMARK_CACHE_DIR: cache });
    onTestFinished(invalid.cleanup);
    expect(invalid.code, invalid.output).toBe(1);
    expect(invalid.output).toContain('Nothing was built');
    // Neither dist/ nor its staging folder: nothing a deploy could publish.
    expect(await readdir(path.dirname(invalid.outDir))).toEqual([]);
  }, 120_000);

  it('build all the same when the cache cannot be written, and say so', async () => {
    const example = await copyExample();
    onTestFinished(example.cleanup);
    const parent = await mkdtemp(path.join(tmpdir(), 'statusmark-cache-'));
    onTestFinished(() => rm(parent, { recursive: true, force: true }));
    // A file where the cache folder would be: nothing can be created under it.
    await writeFile(path.join(parent, 'file'), 'not a folder');
    const cache = path.join(parent, 'file', 'cache');
    const result = await buildSite(example.root, EXAMPLE_NOW, { STATUSMARK_CACHE_DIR: cache });
    onTestFinished(result.cleanup);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`Statusmark: 34 drawn cards could not be kept in ${cache}/og.`);
    expect(result.output).toContain(
      `Statusmark: the Markdown cache in ${cache} could not be written (ENOTDIR).`,
    );
    expect(result.output).toContain(
      `Statusmark: the content cache in ${cache} could not be written (ENOTDIR).`,
    );
    expect(result.output).toContain(
      `Statusmark: the page cache in ${cache}/astro cannot be written (ENOTDIR), so every page is rendered.`,
    );
    expect(await builtFiles(result.outDir)).toContain('og/site.png');
  }, 120_000);
});
