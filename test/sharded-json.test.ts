import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readShards, writeShards } from '../src/cache/sharded-json-fs.ts';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'statusmark-shards-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('a cache spread over files', () => {
  it('reads back what was written, through any sequence of builds', async () => {
    const dir = await tempDir();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uniqueArray(fc.base64String({ minLength: 4, maxLength: 8 })), {
          minLength: 1,
          maxLength: 4,
        }),
        async (builds) => {
          await rm(dir, { recursive: true, force: true });
          for (const keys of builds) {
            const known = await readShards(dir, 'test-1');
            // Keys are hashes of what their entries were made from: one key, one value.
            const used = new Map(keys.map((key) => [key, `made from ${key}`]));
            const wrote = await writeShards(dir, 'test', 'test-1', used, known);
            expect(await readShards(dir, 'test-1')).toEqual(used);
            if (!wrote) expect(known).toEqual(used);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('writes nothing when nothing changed, and removes what an earlier version left', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'test-0.json'), '{}');
    await mkdir(path.join(dir, 'test-0b'));
    await mkdir(path.join(dir, 'other-1'));
    const used = new Map([
      ['abc', 1],
      ['xyz', 2],
    ]);
    expect(await writeShards(dir, 'test', 'test-1', used, new Map())).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['other-1', 'test-1']);
    expect(await writeShards(dir, 'test', 'test-1', used, await readShards(dir, 'test-1'))).toBe(
      false,
    );
  });

  it('holds nothing for a file that cannot be read as an object, and heals it', async () => {
    const dir = await tempDir();
    const used = new Map([['abc', 1]]);
    await writeShards(dir, 'test', 'test-1', used, new Map());
    const [file = ''] = await readdir(path.join(dir, 'test-1'));
    for (const broken of ['{"abc": 1', '[1, 2]', 'null']) {
      await writeFile(path.join(dir, 'test-1', file), broken);
      const known = await readShards(dir, 'test-1');
      expect(known.size).toBe(0);
      expect(await writeShards(dir, 'test', 'test-1', used, known)).toBe(true);
      expect(await readShards(dir, 'test-1')).toEqual(used);
    }
  });
});
