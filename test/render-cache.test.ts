import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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

    // The next build renders only "One" (its page for "Two" was skipped), and still holds "Two".
    await openRenderCache(dir);
    expect(renderMarkdown('**One**').html).toBe('<p><strong>One</strong></p>');
    keepRendered(['**One**', '*Two*']);
    await saveRenderCache(dir, warn);
    expect(await cachedHtml(dir)).toHaveLength(2);

    // A source the content no longer holds is dropped.
    await openRenderCache(dir);
    keepRendered(['*Two*']);
    await saveRenderCache(dir, warn);
    expect(await cachedHtml(dir)).toEqual(['<p><em>Two</em></p>']);
  });
});
