import { codeOf } from '../markdown/render-cache.ts';
import { readShards, writeShards } from '../cache/sharded-json-fs.ts';
import { packageVersion } from '../package-info.ts';
import { BuildParseMemo } from './parse-memo.ts';

/**
 * Bump when what a valid file parses to changes (parse-incident.ts, the incident schema, the
 * model), so entries kept by an earlier build of the same version are not used.
 */
const PARSE_VERSION = 1;

function memoName(): string {
  return `content-${String(PARSE_VERSION)}-${packageVersion()}`;
}

/** The memo an earlier build left in `dir`; a missing or unreadable file is an empty memo. */
export async function openParseMemo(dir: string): Promise<BuildParseMemo> {
  return new BuildParseMemo(await readShards(dir, memoName()));
}

/**
 * Writes what this build parsed or reused, in the files of the memo that differ from it, and
 * nothing when the memo already holds it (a build of unchanged content, as a scheduled deploy
 * is). A memo that cannot be written costs the next build time, never this build: it is said
 * in one line.
 */
export async function saveParseMemo(
  dir: string,
  memo: BuildParseMemo,
  warn: (line: string) => void,
): Promise<void> {
  if (!memo.changed) return;
  try {
    await writeShards(dir, 'content', memoName(), memo.used(), memo.known());
  } catch (error) {
    warn(`Statusmark: the content cache in ${dir} could not be written (${codeOf(error)}).`);
  }
}
