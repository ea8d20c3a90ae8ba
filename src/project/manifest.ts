import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What Statusmark last wrote of each generated file, by hash: how `upgrade` tells a file the
 * team edited (leave it alone) from one still as written (bring it to the new version).
 */
export const MANIFEST_FILE = '.statusmark/manifest.json';

export interface Manifest {
  /** The version of Statusmark that last wrote a generated file. */
  readonly version: string;
  /** Each generated file's path → `sha256:<hex>` of the text Statusmark wrote. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * The hash of a generated file's text, line breaks normalised: a checkout that turns LF into
 * CRLF (git's autocrlf on Windows) has not changed the file.
 */
export function hashText(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n');
  return `sha256:${createHash('sha256').update(normalised, 'utf8').digest('hex')}`;
}

/** The manifest of the repository at `root`, or null when it has none (or an unreadable one). */
export async function readManifest(root: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(path.join(root, MANIFEST_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { version, files } = value as { version?: unknown; files?: unknown };
    if (typeof version !== 'string' || typeof files !== 'object' || files === null) return null;
    const entries = Object.entries(files).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    return { version, files: Object.fromEntries(entries) };
  } catch {
    return null;
  }
}

export function manifestText(manifest: Manifest): string {
  const files = Object.fromEntries(
    Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b)),
  );
  return `${JSON.stringify({ comment: 'Written by statusmark init and upgrade: the hash of each generated file as Statusmark wrote it. Commit it.', version: manifest.version, files }, null, 2)}\n`;
}

export async function writeManifest(root: string, manifest: Manifest): Promise<void> {
  await mkdir(path.dirname(path.join(root, MANIFEST_FILE)), { recursive: true });
  await writeFile(path.join(root, MANIFEST_FILE), manifestText(manifest), 'utf8');
}
