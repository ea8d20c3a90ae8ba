import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildSite } from './helpers/build-site.ts';
import { makeRepo, repoFiles } from './helpers/content-repo.ts';

async function build(root: string, now = '2026-02-20T10:30:00Z') {
  const result = await buildSite(root, now);
  onTestFinished(result.cleanup);
  return result;
}

describe('npm run build', () => {
  it('builds the content of STATUSMARK_ROOT as of STATUSMARK_NOW', async () => {
    const root = await makeRepo(repoFiles());
    const { code, outDir } = await build(root);
    expect(code).toBe(0);
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    expect(html).toContain('<title>Example Status</title>');
    expect(html).toContain('Partial System Outage');
    expect(html).toMatch(
      /API<\/span><span class="status status-partial_outage"[^>]*>.*Partial outage/,
    );
    expect(html).toContain('Elevated API error rates');
  });

  it('fails on invalid content with the list of problems and writes nothing', async () => {
    const root = await makeRepo(
      repoFiles({ 'incidents/bad.md': '---\ntitle: Bad\nimpact: high\nupdates: []\n---\n' }),
    );
    const { code, output, outDir } = await build(root);
    expect(code).toBe(1);
    expect(output).toContain('incidents/bad.md:3:1 "impact" is "high", which is not one of');
    expect(output).toContain('Nothing was built');
    await expect(access(outDir)).rejects.toThrow();
  });

  it('never lets hostile Markdown reach the HTML', async () => {
    // Each part in its own paragraph: a raw HTML block swallows the rest of its line.
    const hostile = [
      'We are looking into it.',
      '<script>alert("x")</script>',
      '<img src=x onerror="alert(1)">',
      '[click](javascript:alert(1))',
      '<a href="javascript:alert(2)">raw</a>',
      '<iframe src="https://evil.example"></iframe>',
    ].join('\n\n');
    const message = hostile.replaceAll('\n', '\n      ');
    const root = await makeRepo(
      repoFiles({
        'incidents/2026-02-20-hostile.md': `---\ntitle: Hostile\nimpact: minor\nupdates:\n  - at: 2026-02-20T10:00:00Z\n    status: investigating\n    message: |-\n      ${message}\n---\n\n${hostile}\n`,
      }),
    );
    const { code, outDir } = await build(root);
    expect(code).toBe(0);
    for (const page of ['index.html', 'incidents/2026-02-20-hostile/index.html']) {
      const html = await readFile(path.join(outDir, page), 'utf8');
      // The message is shown; only its dangerous parts are gone.
      expect(html).toContain('We are looking into it.');
      expect(html).toContain('click');
      expect(html).not.toMatch(/<script|onerror|javascript:|<iframe/i);
    }
  });
});
