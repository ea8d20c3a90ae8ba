import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { codeOf } from '../markdown/render-cache.ts';
import { packageVersion } from '../package-info.ts';
import { BuildParseMemo } from './parse-memo.ts';

/**
 * Bump when what a valid file parses to changes (parse-incident.ts, the incident schema, the
 * model), so entries kept by an earlier build of the same version are not used.
 */
const PARSE_VERSION = 1;

function memoFile(dir: string): string {
  return path.join(dir, `content-${String(PARSE_VERSION)}-${packageVersion()}.json`);
}

/** The memo an earlier build left in `dir`; a missing or unreadable file is an empty memo. */
export async function openParseMemo(dir: string): Promise<BuildParseMemo> {
  try {
    const parsed: unknown = JSON.parse(await readFile(memoFile(dir), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return new BuildParseMemo();
    return new BuildParseMemo(new Map(Object.entries(parsed)));
  } catch {
    return new BuildParseMemo();
  }
}

/**
 * Writes what this build parsed or reused, replacing the file whole, unless it is what the
 * file already holds (a build of unchanged content, as a scheduled deploy is). A memo that
 * cannot be written costs the next build time, never this build: it is said in one line.
 */
export async function saveParseMemo(
  dir: string,
  memo: BuildParseMemo,
  warn: (line: string) => void,
): Promise<void> {
  if (!memo.changed) return;
  const file = memoFile(dir);
  const partial = `${file}.${String(process.pid)}.partial`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(partial, JSON.stringify(memo.used()));
    await rename(partial, file);
  } catch (error) {
    warn(`Statusmark: the content cache in ${dir} could not be written (${codeOf(error)}).`);
  }
}
