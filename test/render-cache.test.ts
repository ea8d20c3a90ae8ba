import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { keepRendered, openRenderCache, saveRenderCache } from '../src/markdown/render-cache.ts';
import { renderMarkdown } from '../src/markdown/render.ts';

/** The cache's files in `dir`: its one folder and the files in it. */
async function cacheFiles(dir: string): Promise<string[]> {
  const folders = await readdir(dir);
  expect(folders).toHaveLength(1);
  const folder = path.join(dir, folders[0] ?? '');
  return (await readdir(folder)).map((file) => path.join(folder, file));
}

/** The sources' HTML as the cache in `dir` holds it. */
async function cachedHtml(dir: string): Promise<string[]> {
  const html: string[] = [];
  for (const file of await cacheFiles(dir)) {
    const entries = JSON.parse(await readFile(file, 'utf8')) as object;
    html.push(...Object.values(entries).map((entry: { html: string }) => entry.html));
  }
  return html;
}

/** Each cache file's identity and time: a file replaced through a rename has a new inode. */
async function cacheFileStat(dir: string): Promise<Map<string, { ino: number; mtimeMs: number }>> {
  const stats = new Map<string, { ino: number; mtimeMs: number }>();
  for (const file of await cacheFiles(dir)) {
    const { ino, mtimeMs } = await stat(file);
    stats.set(path.basename(file), { ino, mtimeMs });
  }
  return stats;
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

    // A source rendered for the first time is written back with the rest, in one file: the
    // others are left as they were.
    await openRenderCache(dir);
    expect(renderMarkdown('Three').html).toBe('<p>Three</p>');
    keepRendered(['**One**', '*Two*', 'Three']);
    await saveRenderCache(dir, warn);
    expect((await cachedHtml(dir)).sort()).toEqual([
      '<p><em>Two</em></p>',
      '<p><strong>One</strong></p>',
      '<p>Three</p>',
    ]);
    const after = await cacheFileStat(dir);
    const rewritten = [...after].filter(([file, now]) => {
      return written.get(file)?.ino !== now.ino;
    });
    expect(rewritten).toHaveLength(1);

    // A source the content no longer holds is dropped.
    await openRenderCache(dir);
    keepRendered(['*Two*']);
    await saveRenderCache(dir, warn);
    expect(await cachedHtml(dir)).toEqual(['<p><em>Two</em></p>']);
  });
});
