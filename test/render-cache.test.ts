import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { keepRendered, openRenderCache, saveRenderCache } from '../src/markdown/render-cache.ts';
import { renderMarkdown } from '../src/markdown/render.ts';

/** The sources' HTML as the cache file in `dir` holds it. */
async function cachedHtml(dir: string): Promise<string[]> {
  const [file = ''] = await readdir(dir);
  const entries = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as object;
  return Object.values(entries).map((entry: { html: string }) => entry.html);
}

/** The cache file's identity and time: a file replaced through a rename has a new inode. */
async function cacheFileStat(dir: string): Promise<{ ino: number; mtimeMs: number }> {
  const [file = ''] = await readdir(dir);
  const { ino, mtimeMs } = await stat(path.join(dir, file));
  return { ino, mtimeMs };
}

describe('the Markdown cache', () => {
  it('keeps what a build rendered, and what its content holds that it did not render', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'statusmark-render-cache-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const warn = (line: string) => {
      throw new Error(line);
    };
    await openRenderCache(dir);
    expect(renderMarkdown('**One**').html).toBe('<p><strong>One</strong></p>');
    expect(renderMarkdown('*Two*').html).toBe('<p><em>Two</em></p>');
    await saveRenderCache(dir, warn);
    expect((await cachedHtml(dir)).sort()).toEqual([
      '<p><em>Two</em></p>',
      '<p><strong>One</strong></p>',
    ]);

    // The next build renders only "One" (its page for "Two" was skipped), and still holds "Two":
    // the file already says so, and is left as it was.
    const written = await cacheFileStat(dir);
    await openRenderCache(dir);
    expect(renderMarkdown('**One**').html).toBe('<p><strong>One</strong></p>');
    keepRendered(['**One**', '*Two*']);
    await saveRenderCache(dir, warn);
    expect(await cachedHtml(dir)).toHaveLength(2);
    expect(await cacheFileStat(dir)).toEqual(written);

    // A source rendered for the first time is written back with the rest.
    await openRenderCache(dir);
    expect(renderMarkdown('Three').html).toBe('<p>Three</p>');
    keepRendered(['**One**', '*Two*', 'Three']);
    await saveRenderCache(dir, warn);
    expect(await cachedHtml(dir)).toHaveLength(3);

    // A source the content no longer holds is dropped.
    await openRenderCache(dir);
    keepRendered(['*Two*']);
    await saveRenderCache(dir, warn);
    expect(await cachedHtml(dir)).toEqual(['<p><em>Two</em></p>']);
  });
});
