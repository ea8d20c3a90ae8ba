import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
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
  return (
    entries
      // `v1/…/incidents/index.html` is the API's JSON listing, not a page.
      .filter(
        (entry) =>
          entry.isFile() &&
          entry.name.endsWith('.html') &&
          !entry.parentPath.includes(`${path.sep}v1${path.sep}`),
      )
      .map((entry) => path.join(entry.parentPath, entry.name))
  );
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

  it('keeps the space between words and the links or code beside them', async () => {
    // Astro drops the line break between text and an element on the next line of a template.
    const glued =
      /[A-Za-z,:;.)]<(?:a|code|strong|em|time)[ >]|<\/(?:a|code|strong|em|time)>[A-Za-z(]/g;
    const found: string[] = [];
    for (const file of await htmlFiles(build.outDir)) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(glued)) {
        const around = text.slice(Math.max(0, match.index - 20), match.index + 30);
        found.push(`${path.relative(build.outDir, file)}: …${around}…`);
      }
    }
    expect(found).toEqual([]);
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
        Access-Control-Allow-Origin: *
      /*.svg
        Access-Control-Allow-Origin: *
      /*.js
        Access-Control-Allow-Origin: *
      "
    `);
  });

  it('writes only JSON files that match /v1/openapi.json', async () => {
    const openapi = JSON.parse(
      await readFile(path.join(build.outDir, 'v1', 'openapi.json'), 'utf8'),
    ) as {
      paths: Record<
        string,
        {
          get: {
            responses: { '200': { content: { 'application/json': { schema: { $ref: string } } } } };
          };
        }
      >;
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...openapi, $id: 'openapi.json' });
    // Static paths first, so `/incidents.json` is not taken for `/incidents/{id}`.
    const routes = Object.entries(openapi.paths)
      .sort(([a], [b]) => Number(a.includes('{')) - Number(b.includes('{')))
      .map(([template, item]) => ({
        pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+').replaceAll('.', '\\.')}$`),
        ref: item.get.responses['200'].content['application/json'].schema.$ref,
      }));
    const entries = await readdir(build.outDir, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((entry) => entry.isFile())
      .map(
        (entry) =>
          `/${path.relative(build.outDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}`,
      )
      .filter((file) => /\.json$|^\/v1\/organizations\//.test(file) && file !== '/v1/openapi.json')
      // A folder's index is served as HTML by every host: it is a pointer page, never JSON.
      .filter((file) => !file.endsWith('/index.html'));
    const failures: string[] = [];
    for (const file of files) {
      const route = routes.find((candidate) => candidate.pattern.test(file));
      if (!route) {
        failures.push(`${file}: no endpoint in openapi.json`);
        continue;
      }
      const validate = ajv.compile({ $ref: `openapi.json${route.ref}` });
      if (!validate(JSON.parse(await readFile(path.join(build.outDir, file), 'utf8')))) {
        failures.push(`${file}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(failures).toEqual([]);
    // API v1: 31 incidents, 2 maintenance windows, incidents.json, components.json, 5 months,
    // 13 components' listings; 8 v2 documents; badge.json and feed.json for the site and each of
    // the 13 components.
    expect(files).toHaveLength(61 + 2 * 14);
  });
});
