import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, PROJECT, type BuildResult } from './helpers/build-site.ts';

let build: BuildResult;

beforeAll(async () => {
  build = await buildSite(PROJECT, '2026-11-23T12:00:00Z');
  if (build.code !== 0) throw new Error(build.output);
});
afterAll(() => build.cleanup());

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('the built HTML of the example site', () => {
  it('validates (html-validate, recommended rules)', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const files = await htmlFiles(build.outDir);
    expect(files.length).toBeGreaterThan(40);
    const problems: string[] = [];
    for (const file of files) {
      const report = await validator.validateString(await readFile(file, 'utf8'), file);
      for (const result of report.results) {
        for (const message of result.messages) {
          problems.push(
            `${path.relative(build.outDir, file)}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('transfers the home page in under 50 KB gzipped, with no JavaScript', async () => {
    const html = await readFile(path.join(build.outDir, 'index.html'), 'utf8');
    const assets = [
      ...html.matchAll(
        /<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|img[^>]+src)="\/([^"]+)"/g,
      ),
    ].map((match) => match[1] ?? '');
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.filter((asset) => asset.endsWith('.js'))).toEqual([]);
    const files = [
      html,
      ...(await Promise.all(assets.map((asset) => readFile(path.join(build.outDir, asset))))),
    ];
    const gzipped = files.reduce((total, file) => total + gzipSync(file).length, 0);
    console.log(`Home page: ${gzipped} bytes gzipped (HTML + ${assets.length} asset(s))`);
    expect(gzipped).toBeLessThan(50 * 1024);
  });

  it('tells hosts that extension-less API files are JSON and hashed assets never change', async () => {
    const headers = await readFile(path.join(build.outDir, '_headers'), 'utf8');
    expect(headers).toMatchInlineSnapshot(`
      "/_astro/*
        Cache-Control: public, max-age=31536000, immutable
      /v1/*
        Content-Type: application/json; charset=utf-8
        Access-Control-Allow-Origin: *
      /api/v2/*
        Access-Control-Allow-Origin: *
      /*.json
        Access-Control-Allow-Origin: *
      /*.xml
        Access-Control-Allow-Origin: *
      /*.ics
        Content-Type: text/calendar; charset=utf-8
      "
    `);
  });
});
