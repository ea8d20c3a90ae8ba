import { hash } from 'node:crypto';
import { readShards, writeShards } from '../cache/sharded-json-fs.ts';
import type { Entry } from '../domain/model.ts';
import { packageVersion } from '../package-info.ts';

/**
 * Rendered Markdown kept between builds: most messages of a long history never change, and
 * rendering them is a fifth of a large build. Entries are keyed by a hash of the source; the
 * cache is named by the pipeline's version and Statusmark's, so a change to either starts a
 * new cache. Only the entries of the build's content are written back, so the cache never
 * outgrows it. A missing or unreadable file is an empty cache: the cache only ever saves time.
 */

export interface Rendered {
  readonly html: string;
  readonly text: string;
}

/** Bump when the Markdown pipeline (its plugins, their options, the fallback) changes. */
const PIPELINE_VERSION = 1;

let known = new Map<string, Rendered>();
let used: Map<string, Rendered> | null = null;
/** Whether this build rendered a source the cache did not hold. */
let renderedNew = false;

function keyOf(markdown: string): string {
  return hash('sha256', markdown, 'base64url');
}

/** `render(markdown)`, or what an earlier build rendered from the same source. */
export function cachedRender(markdown: string, render: (markdown: string) => Rendered): Rendered {
  if (used === null) return render(markdown);
  const key = keyOf(markdown);
  let rendered = known.get(key);
  if (rendered === undefined) {
    rendered = render(markdown);
    renderedNew = true;
  }
  used.set(key, rendered);
  return rendered;
}

/**
 * Keeps, for the next build, what the cache holds for these sources although this build did
 * not render them: a page Astro's incremental build skipped still shows its Markdown.
 */
export function keepRendered(sources: Iterable<string>): void {
  if (used === null) return;
  for (const markdown of sources) {
    const key = keyOf(markdown);
    const rendered = known.get(key);
    if (rendered !== undefined && !used.has(key)) used.set(key, rendered);
  }
}

/** Every Markdown source of these incidents and maintenance windows: bodies and messages. */
export function markdownSources(entries: Iterable<Entry>): string[] {
  const sources: string[] = [];
  for (const entry of entries) {
    if (entry.body !== null) sources.push(entry.body.markdown);
    for (const update of entry.updates) sources.push(update.message.markdown);
  }
  return sources;
}

/** The cache's folder in the build cache, named by the pipeline's version and Statusmark's. */
function cacheName(): string {
  return `markdown-${String(PIPELINE_VERSION)}-${packageVersion()}`;
}

/** Starts caching for this process, with what the cache in `dir` holds. */
export async function openRenderCache(dir: string): Promise<void> {
  used = new Map();
  renderedNew = false;
  const read = await readShards(dir, cacheName());
  known = new Map();
  for (const [key, entry] of read) {
    if (isRendered(entry)) known.set(key, entry);
  }
}

function isRendered(entry: unknown): entry is Rendered {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof (entry as Partial<Rendered>).html === 'string' &&
    typeof (entry as Partial<Rendered>).text === 'string'
  );
}

/**
 * Writes what this build rendered or reused, in the files of the cache that differ from it,
 * and nothing when the cache already holds it: nothing new was rendered and nothing it held
 * was left out (a build of unchanged content, as a scheduled deploy is). A cache that cannot
 * be written (a read-only checkout, a full disk) costs the next build time, never this build:
 * it is said in one line and the build goes on.
 */
export async function saveRenderCache(dir: string, warn: (line: string) => void): Promise<void> {
  if (used === null || (!renderedNew && used.size === known.size)) return;
  try {
    await writeShards(dir, 'markdown', cacheName(), used, known);
  } catch (error) {
    warn(`Statusmark: the Markdown cache in ${dir} could not be written (${codeOf(error)}).`);
  }
}

/** A file system error's code (`ENOTDIR`), for a one-line message. */
export function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : 'error';
}
