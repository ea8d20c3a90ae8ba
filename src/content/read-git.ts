import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { GROUPS_FILE } from './read-files.ts';
import type { ContentFiles } from './parse-content.ts';
import { SITE_CONFIG_FILE } from './parse-site-config.ts';
import type { Problem } from './problems.ts';
import { decodeText, MAX_FILE_BYTES, type SourceFile } from './source-file.ts';

const run = promisify(execFile);

/**
 * Reads the content files of a commit straight from git's object store, without a checkout.
 * The pull request comment reads an untrusted head commit this way: only regular files are
 * read (a symbolic link is a blob holding a path: it is reported, never followed, so it cannot
 * point the reader at a file outside the content), files over the size limit are refused
 * without being read, and nothing from the commit is executed.
 */
export async function readContentAtRevision(
  repoDir: string,
  revision: string,
): Promise<ContentFiles> {
  const { stdout } = await run(
    'git',
    [
      'ls-tree',
      '-r',
      '-l',
      '-z',
      '--full-tree',
      revision,
      '--',
      SITE_CONFIG_FILE,
      'components',
      'incidents',
    ],
    { cwd: repoDir, maxBuffer: 256 * 1024 * 1024 },
  );
  const named = stdout
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta = '', path = ''] = line.split('\t');
      const [mode, type, sha, size] = meta.trim().split(/ +/);
      return { mode, type, sha: sha ?? '', size: Number(size), path };
    })
    .filter(
      (entry) =>
        entry.path === SITE_CONFIG_FILE ||
        entry.path === GROUPS_FILE ||
        (/^components\/[^/]+\.ya?ml$/.test(entry.path) && !/\/_[^/]*$/.test(entry.path)) ||
        (/^incidents\/.+\.md$/.test(entry.path) && !/(^|\/)readme\.md$/i.test(entry.path)),
    );
  const problems: Problem[] = [];
  const wanted = named.filter((entry) => {
    const regular = entry.type === 'blob' && (entry.mode === '100644' || entry.mode === '100755');
    if (!regular) {
      problems.push({
        file: entry.path,
        line: 1,
        column: 1,
        message:
          entry.mode === '120000'
            ? 'The file is a symbolic link, which Statusmark does not follow.'
            : 'The file is not a regular file.',
        fix: 'Replace it with a regular file holding the content.',
      });
      return false;
    }
    // A blob over the limit is refused by its size, without reading it into memory.
    if (entry.size > MAX_FILE_BYTES) {
      const refused = decodeText({ path: entry.path, bytes: new Uint8Array(entry.size) });
      if (typeof refused !== 'string') problems.push(refused);
      return false;
    }
    return true;
  });
  const blobs = await readBlobs(
    repoDir,
    wanted.map((entry) => entry.sha),
  );
  const files = wanted
    .map((entry, index): SourceFile => ({
      path: entry.path,
      bytes: blobs[index] ?? new Uint8Array(),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    problems,
    config: files.find((file) => file.path === SITE_CONFIG_FILE) ?? null,
    groups: files.find((file) => file.path === GROUPS_FILE) ?? null,
    components: files.filter(
      (file) => file.path.startsWith('components/') && file.path !== GROUPS_FILE,
    ),
    incidents: files.filter((file) => file.path.startsWith('incidents/')),
  };
}

/** The commit a revision names (`main`, `HEAD~1`, a sha), checked to exist. */
export async function resolveRevision(repoDir: string, revision: string): Promise<string> {
  const { stdout } = await run(
    'git',
    ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`],
    {
      cwd: repoDir,
    },
  );
  return stdout.trim();
}

/** The commit two revisions branched from: what a pull request is compared against. */
export async function mergeBase(repoDir: string, a: string, b: string): Promise<string> {
  const { stdout } = await run('git', ['merge-base', a, b], { cwd: repoDir });
  return stdout.trim();
}

/** Reads many blobs through one `git cat-file --batch` process, in the order given. */
async function readBlobs(repoDir: string, shas: readonly string[]): Promise<Uint8Array[]> {
  if (shas.length === 0) return [];
  const child = spawn('git', ['cat-file', '--batch'], {
    cwd: repoDir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`git cat-file failed: ${Buffer.concat(stderr).toString('utf8')}`));
    });
  });
  child.stdin.end(`${shas.join('\n')}\n`);
  await done;
  const output = Buffer.concat(chunks);
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const sha of shas) {
    const headerEnd = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, headerEnd).toString('utf8');
    const [name, type, size] = header.split(' ');
    if (name !== sha || type !== 'blob' || size === undefined) {
      throw new Error(`git cat-file answered "${header}" for ${sha}.`);
    }
    const start = headerEnd + 1;
    const end = start + Number(size);
    blobs.push(new Uint8Array(output.subarray(start, end)));
    offset = end + 1;
  }
  return blobs;
}
