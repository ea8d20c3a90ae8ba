import { execFileSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Runs git in a test repository, as its author, and returns what it printed. */
export function git(root: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd: root, encoding: 'utf8', stdio: 'pipe' },
  ).trim();
}

/**
 * Writes files (null deletes; `{ link }` makes a symbolic link) and commits them on the current
 * branch, returning the new commit's sha.
 */
export async function commit(
  root: string,
  message: string,
  files: Readonly<Record<string, string | null | { link: string }>>,
): Promise<string> {
  for (const [file, value] of Object.entries(files)) {
    const target = path.join(root, file);
    await mkdir(path.dirname(target), { recursive: true });
    if (value === null) await rm(target);
    else if (typeof value === 'string') await writeFile(target, value);
    else await symlink(value.link, target);
  }
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '-m', message);
  return git(root, 'rev-parse', 'HEAD');
}
