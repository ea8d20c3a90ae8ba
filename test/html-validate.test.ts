import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
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
});
