import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { ContentFiles } from '../../src/content/parse-content.ts';
import type { SourceFile } from '../../src/content/source-file.ts';

export const SITE_CONFIG = `name: Example Status
url: https://status.example.com
organization_id: example
time_zone: UTC
`;

export const GROUPS = `groups:
  - id: core
    name: Core
`;

/** Two components in one group, and one alone: enough for every cross-file rule. */
export const COMPONENTS: Readonly<Record<string, string>> = {
  'components/api.yml': 'name: API\ngroup: core\norder: 1\n',
  'components/dashboard.yml': 'name: Dashboard\ngroup: core\norder: 2\n',
  'components/email.yml': 'name: Email\n',
};

/** A valid, resolved incident. */
export const RESOLVED_INCIDENT = `---
title: Elevated API error rates
impact: major
components:
  api: partial_outage
updates:
  - at: 2026-02-20T10:00:00Z
    status: investigating
    message: We are investigating.
  - at: 2026-02-20T11:00:00Z
    status: resolved
    message: Fixed.
---
`;

/** The files of a small valid repository, plus or minus `extra` (null removes a file). */
export function repoFiles(
  extra: Readonly<Record<string, string | Uint8Array | null>> = {},
): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>([
    ['statusmark.yml', SITE_CONFIG],
    ['components/_groups.yml', GROUPS],
    ...Object.entries(COMPONENTS),
    ['incidents/2026-02-20-api-errors.md', RESOLVED_INCIDENT],
  ]);
  for (const [file, text] of Object.entries(extra)) {
    if (text === null) files.delete(file);
    else files.set(file, text);
  }
  return files;
}

/** The same files in memory, for the pure parser. */
export function contentFiles(files: Map<string, string | Uint8Array>): ContentFiles {
  const source = (file: string): SourceFile => {
    const value = files.get(file) ?? '';
    return {
      path: file,
      bytes: typeof value === 'string' ? new TextEncoder().encode(value) : value,
    };
  };
  const under = (folder: string, keep: RegExp) =>
    [...files.keys()]
      .filter((file) => file.startsWith(folder) && keep.test(file) && !file.includes('/_'))
      .sort()
      .map(source);
  return {
    config: files.has('statusmark.yml') ? source('statusmark.yml') : null,
    groups: files.has('components/_groups.yml') ? source('components/_groups.yml') : null,
    components: under('components/', /\.ya?ml$/),
    incidents: under('incidents/', /\.md$/),
  };
}

/**
 * Writes the files into a new git repository in a temp folder, committed as a team's
 * repository would be; removed when the test ends (or by `onCleanup`, outside a test).
 */
export async function makeRepo(
  files: Map<string, string | Uint8Array>,
  onCleanup: (remove: () => Promise<void>) => void = onTestFinished,
): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'statusmark-'));
  onCleanup(() => rm(root, { recursive: true, force: true }));
  for (const [file, text] of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git(
    '-c',
    'user.name=Test',
    '-c',
    'user.email=test@example.com',
    'commit',
    '--quiet',
    '-m',
    'Content',
  );
  return root;
}

export function readText(root: string, file: string): Promise<string> {
  return readFile(path.join(root, file), 'utf8');
}
