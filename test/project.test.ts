import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues } from '../src/content/issue-text.ts';
import { routePattern, statusmarkRoutes } from '../src/integration/routes.ts';
import { MANIFEST_FILE } from '../src/project/manifest.ts';
import { upgradeProject } from '../src/project/upgrade.ts';
import type { TemplateFile } from '../src/project/templates.ts';
import { withKeyHistory } from '../src/schema/key-history.ts';
import { statusmark } from './helpers/cli.ts';

const folders: string[] = [];
async function emptyFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'statusmark-project-'));
  folders.push(folder);
  return folder;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true })));
});

const FLAGS = ['--name', 'Acme Status', '--url', 'https://status.acme.example'];

describe('statusmark init', () => {
  it('refuses answers the build would refuse, and writes nothing', async () => {
    const folder = await emptyFolder();
    const result = await statusmark(['init', folder, '--name', 'Acme', '--url', 'ftp://acme'], {
      env: { CI: 'true' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('would not make a valid site config');
    expect(result.stderr).toContain('url');
    expect(await readFile(path.join(folder, 'package.json'), 'utf8').catch(() => null)).toBeNull();
  });

  it('never overwrites a file that is already there', async () => {
    const folder = await emptyFolder();
    await writeFile(path.join(folder, 'README.md'), 'Ours.\n');
    const result = await statusmark(['init', folder, ...FLAGS], { env: { CI: 'true' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('already has README.md; nothing was written.');
    expect(await readFile(path.join(folder, 'README.md'), 'utf8')).toBe('Ours.\n');
    expect(await readFile(path.join(folder, 'package.json'), 'utf8').catch(() => null)).toBeNull();
  });

  it('asks for a missing flag when no one is at a terminal to answer', async () => {
    const result = await statusmark(['init', await emptyFolder(), '--name', 'Acme'], {
      env: { CI: 'true' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Missing --url.');
  });

  it('keeps a name with quotes and colons as text in statusmark.yml', async () => {
    const folder = await emptyFolder();
    const name = 'Acme: "Status" #1';
    const result = await statusmark(['init', folder, '--name', name, '--url', FLAGS[3] ?? ''], {
      env: { CI: 'true' },
    });
    expect(result.code, result.stderr).toBe(0);
    const validate = await statusmark(['validate', '--root', folder]);
    expect(validate.code, validate.stderr).toBe(0);
    expect(await readFile(path.join(folder, 'statusmark.yml'), 'utf8')).toContain(
      `name: ${JSON.stringify(name)}`,
    );
  });
});

describe('statusmark init and upgrade, given the wrong folder', () => {
  it('take a GitHub Pages project URL as the address and the base path', async () => {
    const folder = await emptyFolder();
    const result = await statusmark(
      ['init', folder, '--name', 'Acme', '--url', 'https://acme.github.io/status'],
      { env: { CI: 'true' } },
    );
    expect(result.code, result.stderr).toBe(0);
    const config = await readFile(path.join(folder, 'statusmark.yml'), 'utf8');
    expect(config).toContain('url: "https://acme.github.io"\nbase: "/status/"');
  });

  it('refuse a file as the folder, and a folder that is no status page', async () => {
    const folder = await emptyFolder();
    const file = path.join(folder, 'notes.txt');
    await writeFile(file, 'x');
    const init = await statusmark(['init', file, ...FLAGS], { env: { CI: 'true' } });
    expect(init.code).toBe(1);
    expect(init.stderr).toContain('is a file, not a folder; nothing was written.');
    const upgrade = await statusmark(['upgrade', '--root', folder]);
    expect(upgrade.code).toBe(2);
    expect(upgrade.stderr).toContain(
      'has no statusmark.yml: run upgrade in a status page repository',
    );
  });
});

describe('statusmark --version', () => {
  it('prints the installed version', async () => {
    const own = JSON.parse(
      await readFile(path.join(import.meta.dirname, '..', 'package.json'), 'utf8'),
    ) as { version: string };
    expect((await statusmark(['--version'])).stdout).toBe(`${own.version}\n`);
  });
});

describe('upgrading the generated files', () => {
  const v1: TemplateFile[] = [
    { path: '.github/workflows/a.yml', text: 'a: 1\n' },
    { path: '.github/workflows/b.yml', text: 'b: 1\n' },
    { path: '.github/workflows/gone.yml', text: 'gone: 1\n' },
  ];
  const v2: TemplateFile[] = [
    { path: '.github/workflows/a.yml', text: 'a: 2\n' },
    { path: '.github/workflows/b.yml', text: 'b: 2\n' },
    { path: '.github/workflows/new.yml', text: 'new: 2\n' },
  ];

  it('adds, updates and removes only what the team left as written', async () => {
    const root = await emptyFolder();
    await upgradeProject(root, { templates: v1 });
    await writeFile(path.join(root, '.github/workflows/b.yml'), 'b: ours\n');
    const result = await upgradeProject(root, { templates: v2 });
    expect(result.changes).toEqual([
      { path: '.github/workflows/a.yml', action: 'updated' },
      { path: '.github/workflows/b.yml', action: 'kept-changed' },
      { path: '.github/workflows/gone.yml', action: 'removed' },
      { path: '.github/workflows/new.yml', action: 'added' },
    ]);
    expect(await readFile(path.join(root, '.github/workflows/a.yml'), 'utf8')).toBe('a: 2\n');
    expect(await readFile(path.join(root, '.github/workflows/b.yml'), 'utf8')).toBe('b: ours\n');
    expect(
      await readFile(path.join(root, '.github/workflows/gone.yml'), 'utf8').catch(() => null),
    ).toBeNull();
    // The team's edit is still reported next time, and nothing else moves.
    const again = await upgradeProject(root, { templates: v2 });
    expect(again.changes).toEqual([{ path: '.github/workflows/b.yml', action: 'kept-changed' }]);
    expect(again.wrote).toBe(false);
  });

  it('takes a file checked out with CRLF line breaks as unchanged', async () => {
    const root = await emptyFolder();
    await upgradeProject(root, { templates: v1 });
    const file = path.join(root, '.github/workflows/a.yml');
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('\n', '\r\n'));
    const result = await upgradeProject(root, { templates: v2 });
    expect(result.changes[0]).toEqual({ path: '.github/workflows/a.yml', action: 'updated' });
  });

  it('does not restore a file the team deleted', async () => {
    const root = await emptyFolder();
    await upgradeProject(root, { templates: v1 });
    await rm(path.join(root, '.github/workflows/a.yml'));
    const result = await upgradeProject(root, { templates: v2 });
    expect(result.changes[0]).toEqual({ path: '.github/workflows/a.yml', action: 'kept-deleted' });
    expect(
      await readFile(path.join(root, '.github/workflows/a.yml'), 'utf8').catch(() => null),
    ).toBeNull();
  });

  it('treats every existing file as the team’s when there is no manifest', async () => {
    const root = await emptyFolder();
    await upgradeProject(root, { templates: v1 });
    await rm(path.join(root, MANIFEST_FILE));
    const result = await upgradeProject(root, { templates: v2 });
    expect(result.changes.map(({ action }) => action)).toEqual([
      'kept-changed',
      'kept-changed',
      'added',
    ]);
  });

  it('writes nothing on a dry run', async () => {
    const root = await emptyFolder();
    await upgradeProject(root, { templates: v1 });
    const result = await upgradeProject(root, { templates: v2, dryRun: true });
    expect(result.wrote).toBe(false);
    expect(await readFile(path.join(root, '.github/workflows/a.yml'), 'utf8')).toBe('a: 1\n');
  });
});

describe('a key a later version renamed or removed', () => {
  const schema = withKeyHistory(z.strictObject({ title: z.string(), url_env: z.string() }), [
    { key: 'url', version: '0.3.0', renamedTo: 'url_env' },
    { key: 'legacy', version: '0.4.0', instead: 'Delete it: the page no longer needs it.' },
  ]);

  it('is named with the version that changed it', () => {
    const result = schema.safeParse({ title: 'x', url_env: 'Y', url: 'Y', legacy: true });
    expect(result.success).toBe(false);
    expect(describeIssues(schema, result.error?.issues ?? [])).toMatchInlineSnapshot(`
      [
        {
          "fix": "Rename the key to "url_env"; its value stays as it is.",
          "message": ""url" was renamed to "url_env" in Statusmark 0.3.0.",
          "path": [
            "url",
          ],
        },
        {
          "fix": "Delete it: the page no longer needs it.",
          "message": ""legacy" was removed in Statusmark 0.4.0.",
          "path": [
            "legacy",
          ],
        },
      ]
    `);
  });
});

describe('the routes the integration injects', () => {
  it('are named as Astro names files in src/pages', () => {
    expect(
      [
        'index.astro',
        'incidents/[id].astro',
        'history/[...page].astro',
        'feed.xml.ts',
        'v1/organizations/[org]/incidents/index.html.ts',
        '404.astro',
      ].map((file) => routePattern(file.split('/').join(path.sep))),
    ).toEqual([
      '/',
      '/incidents/[id]',
      '/history/[...page]',
      '/feed.xml',
      '/v1/organizations/[org]/incidents/index.html',
      '/404',
    ]);
  });

  it('are every file under src/routes', async () => {
    const routes = await statusmarkRoutes();
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map(({ pattern }) => pattern)).toContain('/api/v2/summary.json');
  });
});
