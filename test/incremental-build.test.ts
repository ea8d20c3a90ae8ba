import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildSite, builtFiles, copyExample, EXAMPLE_NOW } from './helpers/build-site.ts';

/**
 * Astro's incremental build copies a page from the previous build when its key (data/page-keys.ts)
 * and code are unchanged. That is only safe if the copy is what rendering would write: after a
 * change of each kind, a build with the cache kept writes exactly the bytes of a build without
 * one, while still copying the pages the change did not touch.
 */
async function contentsOf(outDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const file of (await builtFiles(outDir)).sort()) {
    files.set(file, (await readFile(path.join(outDir, file))).toString('base64'));
  }
  return files;
}

/**
 * The pages Astro copied from its cache rather than rendered, from its build log (coloured
 * where Astro thinks a terminal or CI can show colours).
 */
function restoredPages(output: string): string[] {
  return [...stripVTControlCharacters(output).matchAll(/[├└]─ (\S+) \((?:restored|cached)\)/g)].map(
    (match) => match[1] ?? '',
  );
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const changed = change(text);
  expect(changed, `${file} was not changed`).not.toBe(text);
  await writeFile(file, changed);
}

describe('incremental builds', () => {
  it('write the bytes of a full build after an update, a component, the site config and "now"', async () => {
    const example = await copyExample();
    onTestFinished(example.cleanup);
    const temp = async () => {
      const folder = await mkdtemp(path.join(tmpdir(), 'statusmark-cache-'));
      onTestFinished(() => rm(folder, { recursive: true, force: true }));
      return folder;
    };
    const kept = await temp();
    const build = async (cache: string, now: string) => {
      const result = await buildSite(example.root, now, { STATUSMARK_CACHE_DIR: cache });
      onTestFinished(result.cleanup);
      expect(result.code, result.output).toBe(0);
      return { files: await contentsOf(result.outDir), restored: restoredPages(result.output) };
    };
    const incident = '/incidents/2026-11-20-storage-listing-errors/index.html';
    const other = '/incidents/2026-10-22-builds-failing/index.html';
    const open = '/incidents/2026-11-23-webhooks-retries-delayed/index.html';
    const storage = '/components/storage/index.html';
    const api = '/components/api/index.html';

    const first = await build(kept, EXAMPLE_NOW);
    expect(first.restored).toEqual([]);
    const again = await build(kept, EXAMPLE_NOW);
    expect(again.files).toEqual(first.files);
    expect(again.restored).toContain(incident);

    const changes: {
      kind: string;
      now: string;
      apply: () => Promise<void>;
      /** Pages that must be rendered again, and pages that must still be copied. */
      rendered: string[];
      copied: string[];
    }[] = [
      {
        kind: 'an update',
        now: EXAMPLE_NOW,
        apply: () =>
          edit(path.join(example.root, 'incidents/2026-11-20-storage-listing-errors.md'), (text) =>
            text.replace(
              'message: This incident is resolved.',
              'message: This incident is resolved. The **root cause** is in the postmortem.',
            ),
          ),
        rendered: [incident, storage],
        copied: [other, api],
      },
      {
        // Its page, card and API file go; nothing of it may be left from the kept pages.
        kind: 'an incident removed',
        now: EXAMPLE_NOW,
        apply: () => rm(path.join(example.root, 'incidents/2026-10-22-builds-failing.md')),
        rendered: [],
        copied: [incident],
      },
      {
        kind: 'a component renamed',
        now: EXAMPLE_NOW,
        apply: () =>
          edit(path.join(example.root, 'components/storage.yml'), (text) =>
            text.replace(/^name: .*$/m, 'name: Object Storage (S3)'),
          ),
        rendered: [incident],
        copied: [],
      },
      {
        kind: 'the site config',
        now: EXAMPLE_NOW,
        apply: () =>
          edit(path.join(example.root, 'statusmark.yml'), (text) =>
            text
              .replace(/^name: .*$/m, 'name: Tidewater Cloud Status')
              .replace(/^time_zone: .*$/m, 'time_zone: Europe/Berlin'),
          ),
        rendered: [incident],
        copied: [],
      },
      {
        // Into summer time, months on: the open incident has lasted longer, maintenance
        // windows have passed, and the resolved incidents look the same.
        kind: '"now" moved on',
        now: '2027-04-02T12:00:00Z',
        apply: () => Promise.resolve(),
        rendered: [open, api],
        copied: [incident],
      },
    ];
    for (const change of changes) {
      await change.apply();
      const incremental = await build(kept, change.now);
      const full = await build(await temp(), change.now);
      expect(full.restored, change.kind).toEqual([]);
      expect([...incremental.files.keys()], change.kind).toEqual([...full.files.keys()]);
      for (const [file, bytes] of full.files) {
        expect(incremental.files.get(file), `${change.kind}: ${file}`).toBe(bytes);
      }
      for (const page of change.rendered)
        expect(incremental.restored, change.kind).not.toContain(page);
      for (const page of change.copied) expect(incremental.restored, change.kind).toContain(page);
    }
  }, 300_000);
});
