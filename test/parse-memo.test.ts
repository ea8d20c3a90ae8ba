import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseContent, type ContentFiles } from '../src/content/parse-content.ts';
import { BuildParseMemo } from '../src/content/parse-memo.ts';
import { formatProblems } from '../src/content/problems.ts';
import { readContentFiles } from '../src/content/read-files.ts';
import type { RenderedMarkdown } from '../src/markdown/render.ts';
import { contentFiles, repoFiles } from './helpers/content-repo.ts';

const PROJECT = path.resolve(import.meta.dirname, '..');

/** The model as every output reads it: rendered Markdown included (JSON writes its source). */
const modelText = (files: ContentFiles, memo?: BuildParseMemo) =>
  JSON.stringify(parseContent(files, memo), function (this: Record<string, unknown>, key, value) {
    const original = this[key];
    return isRendered(original)
      ? { markdown: original.markdown, html: original.html, text: original.text }
      : (value as unknown);
  });

function isRendered(value: unknown): value is RenderedMarkdown {
  return typeof value === 'object' && value !== null && 'markdown' in value && 'html' in value;
}

/** What the next build starts from: the memo written to JSON and read back. */
const nextBuild = (memo: BuildParseMemo) =>
  new BuildParseMemo(
    new Map(Object.entries(JSON.parse(JSON.stringify(Object.fromEntries(memo.used()))) as object)),
  );

describe('the parse memo of a build', () => {
  it('gives the model a fresh parse gives, from what an earlier build kept', async () => {
    const files = await readContentFiles(PROJECT);
    const fresh = modelText(files);
    const first = new BuildParseMemo();
    expect(modelText(files, first)).toBe(fresh);
    const kept = [...first.used().keys()];
    expect(kept).toHaveLength(files.incidents.length);

    expect(first.changed).toBe(true);

    const second = nextBuild(first);
    expect(modelText(files, second)).toBe(fresh);
    expect([...second.used().keys()].sort()).toEqual(kept.sort());
    // Nothing to write back: the memo on disk already holds every file, and only those.
    expect(second.changed).toBe(false);
    const fewer = nextBuild(first);
    parseContent({ ...files, incidents: files.incidents.slice(1) }, fewer);
    expect(fewer.changed).toBe(true);
  });

  it('uses what it kept for the same bytes, and parses an edited file again', () => {
    const file = 'incidents/2026-02-20-api-errors.md';
    const files = repoFiles();
    const first = new BuildParseMemo();
    parseContent(contentFiles(files), first);
    // A memo entry whose title was changed behind its back shows it is what the parser used.
    const used = first.used();
    const [key] = used.keys();
    const kept = used.get(key ?? '');
    expect(kept?.entry.title).toBe('Elevated API error rates');
    const doctored = new BuildParseMemo(
      new Map([[key ?? '', { ...kept, entry: { ...kept?.entry, title: 'Kept' } }]]),
    );
    const titles = (memo: BuildParseMemo, text = files.get(file)) =>
      parseContent(
        contentFiles(new Map([...files, [file, text ?? '']])),
        memo,
      ).content?.incidents.map((incident) => incident.title);
    expect(titles(doctored)).toEqual(['Kept']);
    const edited = String(files.get(file)).replace('Elevated API error rates', 'Edited');
    expect(titles(doctored, edited)).toEqual(['Edited']);
  });

  it('reports a component that is gone at its line, as a fresh parse does', () => {
    const first = new BuildParseMemo();
    parseContent(contentFiles(repoFiles()), first);
    const without = contentFiles(repoFiles({ 'components/api.yml': null }));
    const problems = parseContent(without, nextBuild(first)).problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(formatProblems(problems)).toBe(formatProblems(parseContent(without).problems));
  });

  it('keeps no file with a problem', () => {
    const memo = new BuildParseMemo();
    const broken = `---\ntitle: Broken\nimpact: huge\ncomponents:\n  api: major_outage\nupdates:\n  - at: 2026-02-21T10:00:00Z\n    status: investigating\n    message: Looking.\n---\n`;
    const { problems } = parseContent(
      contentFiles(repoFiles({ 'incidents/2026-02-21-broken.md': broken })),
      memo,
    );
    expect(problems.map((problem) => problem.file)).toEqual(['incidents/2026-02-21-broken.md']);
    expect([...memo.used().values()].map((kept) => kept.entry.id)).toEqual([
      '2026-02-20-api-errors',
    ]);
  });
});
