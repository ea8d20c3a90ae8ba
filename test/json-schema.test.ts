import { readFile } from 'node:fs/promises';
import path from 'node:path';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles } from '../src/schema/json-schema.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('JSON Schemas for editors', () => {
  it.each([...jsonSchemaFiles()])(
    'schemas/%s is generated from the zod schemas (run npm run schemas)',
    async (name, text) => {
      expect(await readFile(path.join(ROOT, 'schemas', name), 'utf8')).toBe(text);
    },
  );

  it('makes the remark editor integration flag a bad incident at its line', async () => {
    const { default: config } = (await import(path.join(ROOT, '.remarkrc.mjs'))) as {
      default: { plugins: Parameters<ReturnType<typeof unified>['use']>[0] };
    };
    const file = new VFile({
      path: path.join(ROOT, 'incidents', 'example-in-editor.md'),
      cwd: ROOT,
      value: '---\ntitle: Slow API\nimpact: big\nupdates: []\n---\n',
    });
    const processor = unified().use(remarkParse).use(config.plugins);
    await processor.run(processor.parse(file), file);
    const located = file.messages.filter((message) => message.line !== undefined);
    expect(located.map((message) => `${message.line}:${message.column}`)).toEqual(['3:9', '4:10']);
    expect(located[0]?.reason).toContain('`none`, `minor`, `major`, `critical`');
  });
});
