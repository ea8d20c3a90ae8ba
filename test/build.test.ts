import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { makeRepo, repoFiles } from './helpers/content-repo.ts';

const PROJECT = path.resolve(import.meta.dirname, '..');
const ASTRO = path.join(PROJECT, 'node_modules', 'astro', 'bin', 'astro.mjs');

/** `astro build` of the content at `root` into a temp folder, as `npm run build` does. */
async function build(root: string) {
  const outDir = path.join(await mkdtemp(path.join(tmpdir(), 'statusmark-dist-')), 'dist');
  onTestFinished(() => rm(path.dirname(outDir), { recursive: true, force: true }));
  return new Promise<{ code: number; output: string; outDir: string }>((resolve) => {
    execFile(
      process.execPath,
      [ASTRO, 'build', '--outDir', outDir],
      {
        cwd: PROJECT,
        env: { ...process.env, STATUSMARK_ROOT: root, STATUSMARK_NOW: '2026-02-20T10:30:00Z' },
      },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : 0;
        resolve({ code, output: stdout + stderr, outDir });
      },
    );
  });
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
});
