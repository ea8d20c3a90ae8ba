import { mkdtemp, readdir, readFile, rm, symlink, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fillTemplate } from '../src/project/templates.ts';
import { statusmark } from './helpers/cli.ts';
import { makeRepo, repoFiles, SITE_CONFIG } from './helpers/content-repo.ts';

/**
 * `statusmark subscriptions deploy --dry-run`: the real wrangler bundles the Worker from the
 * config `init` writes, in a repository that has Statusmark in node_modules, and lists the
 * bindings it would deploy with, taken from the site's content.
 */
const ROOT = path.resolve(import.meta.dirname, '..');

describe('statusmark subscriptions deploy', () => {
  it('bundles the service with wrangler from the repository a team gets', async () => {
    const template = await readFile(
      path.join(ROOT, 'templates/starter/subscriptions/wrangler.jsonc'),
      'utf8',
    );
    const root = await makeRepo(
      repoFiles({
        'statusmark.yml': `${SITE_CONFIG}subscriptions:\n  url: https://subscribe.example.com/\n`,
        'subscriptions/wrangler.jsonc': fillTemplate(template, {
          slug: 'example-status',
          name: 'Example Status',
        }),
      }),
    );
    await mkdir(path.join(root, 'node_modules'));
    await symlink(ROOT, path.join(root, 'node_modules/statusmark'));
    const outdir = await mkdtemp(path.join(tmpdir(), 'statusmark-bundle-'));
    onTestFinished(() => rm(outdir, { recursive: true, force: true }));

    const result = await statusmark(['subscriptions', 'deploy', '--dry-run', '--outdir', outdir], {
      cwd: root,
      env: { CI: 'true', WRANGLER_SEND_METRICS: 'false', HOME: outdir },
    });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--dry-run: exiting now.');
    expect(result.stdout.split('\n')[0]).toBe(
      'Bundling the subscription service of Example Status (https://status.example.com/) with 3 components, answering at https://subscribe.example.com/.',
    );
    // wrangler lists the bindings; the values given on its command line it shows as hidden.
    for (const binding of [
      /env\.DB \(example-status-subscribers\)\s+D1 Database/,
      /env\.MAIL_FROM \("Example Status <status@example\.com>"\)/,
      /env\.SITE_URL \("\(hidden\)"\)/,
      /env\.SITE_NAME /,
      /env\.SERVICE_URL /,
      /env\.COMPONENTS /,
    ]) {
      expect(result.stdout).toMatch(binding);
    }
    const bundle = await readFile(path.join(outdir, 'worker.js'), 'utf8');
    expect(bundle).toContain('subscription.challenge');
    expect(await readdir(outdir)).toContain('worker.js');
  }, 120_000);

  it('says what is missing before wrangler runs', async () => {
    const root = await makeRepo(repoFiles());
    const result = await statusmark(['subscriptions', 'deploy', '--dry-run'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "error: statusmark.yml has no subscriptions.url: add the address the service will answer at (see docs/subscriptions.md), then deploy.
      Run "statusmark --help" for usage.
      "
    `);
  });
});
