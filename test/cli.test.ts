import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { statusmark } from './helpers/cli.ts';
import { makeRepo, readText, repoFiles } from './helpers/content-repo.ts';

const NOW = ['--now', '2026-03-01T09:30:00Z'];

describe('statusmark validate', () => {
  it('exits 0 and summarises valid content', async () => {
    const root = await makeRepo(repoFiles());
    const result = await statusmark(['validate', '--root', root, ...NOW]);
    expect(result).toEqual({
      code: 0,
      stdout:
        'All content is valid: 3 components, 1 incident (0 open), 0 maintenance windows (0 upcoming or in progress).\n',
      stderr: '',
    });
  });

  it('exits 1 and prints each problem with its place and fix; GitHub annotations on request', async () => {
    const root = await makeRepo(
      repoFiles({ 'incidents/bad.md': '---\ntitle: Bad\nimpact: high\nupdates: []\n---\n' }),
    );
    const result = await statusmark(['validate', '--format', 'github'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
      "incidents/bad.md:3:1 "impact" is "high", which is not one of: none, minor, major, critical.
        Fix: Use one of the values listed.

      incidents/bad.md:4:1 "updates" needs at least 1 entry.
        Fix: Add an entry (the timeline, oldest first; append new updates at the end).

      Statusmark found 2 problems in 1 file.
      "
    `);
    expect(result.stdout).toMatchInlineSnapshot(`
      "::error file=incidents/bad.md,line=3,col=1,title=Statusmark::"impact" is "high", which is not one of: none, minor, major, critical. Fix: Use one of the values listed.
      ::error file=incidents/bad.md,line=4,col=1,title=Statusmark::"updates" needs at least 1 entry. Fix: Add an entry (the timeline, oldest first; append new updates at the end).
      "
    `);
  });

  it('warns of an incident left open a week without an update, and still passes', async () => {
    const open = `---
title: Slow dashboard
impact: minor
components: { dashboard: degraded_performance }
updates:
  - at: 2026-03-01T09:00:00Z
    status: investigating
    message: We are looking into it.
---
`;
    const root = await makeRepo(repoFiles({ 'incidents/2026-03-01-slow-dashboard.md': open }));
    const week = await statusmark(['validate', '--root', root, '--now', '2026-03-08T08:00:00Z']);
    expect(week.stderr).toBe('');
    const later = await statusmark([
      'validate',
      '--root',
      root,
      '--now',
      '2026-03-20T09:00:00Z',
      '--format',
      'github',
    ]);
    expect(later.code).toBe(0);
    expect(later.stderr).toMatchInlineSnapshot(`
      "Warning: incidents/2026-03-01-slow-dashboard.md: This incident is still open, and its last update was 19 days ago.
        Resolve it (npx statusmark resolve 2026-03-01-slow-dashboard) or post an update saying what is still going on.
      "
    `);
    expect(later.stdout).toContain(
      '::warning file=incidents/2026-03-01-slow-dashboard.md,line=1,col=1,title=Statusmark::',
    );
  });

  it('reads the content root from the current directory by default', async () => {
    const root = await makeRepo(repoFiles({ 'components/api.yml': 'name: [API\n' }));
    const result = await statusmark(['validate'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^components\/api.yml:\d+:\d+ The YAML cannot be read/);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    ['an unknown command', ['publish']],
    ['an unknown option', ['validate', '--fast']],
    ['a --now without a zone', ['validate', '--now', '2026-03-01 09:30']],
    ['a missing id', ['update']],
    ['an unknown --format', ['validate', '--format', 'xml']],
  ])('for %s', async (_, args) => {
    const root = await makeRepo(repoFiles());
    const result = await statusmark(args, { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe('');
  });

  it('names a missing flag when no terminal is attached', async () => {
    const root = await makeRepo(repoFiles());
    const result = await statusmark(['new', '--root', root, '--impact', 'minor']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatchInlineSnapshot(`
      "error: Missing --title. Pass it as a flag, or run the command in a terminal to be asked.
      Run "statusmark --help" for usage.
      "
    `);
  });

  it('suggests the closest id, component and status', async () => {
    const root = await makeRepo(repoFiles());
    const update = await statusmark([
      'update',
      '2026-02-20-api-eror',
      '--root',
      root,
      '--status',
      'identified',
      '--message',
      'x',
    ]);
    const component = await statusmark([
      'new',
      '--root',
      root,
      '--title',
      'T',
      '--impact',
      'minor',
      '--component',
      'apx=partial_outage',
      '--message',
      'x',
    ]);
    const status = await statusmark([
      'new',
      '--root',
      root,
      '--title',
      'T',
      '--impact',
      'minor',
      '--component',
      'api=partial',
      '--message',
      'x',
    ]);
    expect([update.code, component.code, status.code]).toEqual([2, 2, 2]);
    expect(update.stderr + component.stderr + status.stderr).toMatchInlineSnapshot(`
      "error: There is no incident "2026-02-20-api-eror" in incidents/. Did you mean "2026-02-20-api-errors"?
      Run "statusmark --help" for usage.
      error: --component: "apx" is not a component. Did you mean "api"? Components: api, dashboard, email.
      Run "statusmark --help" for usage.
      error: --component api=partial: "partial" is not a component status. Did you mean "partial_outage"? Use one of: operational, under_maintenance, degraded_performance, partial_outage, major_outage.
      Run "statusmark --help" for usage.
      "
    `);
  });

  it.each(['validate', 'new', 'update', 'resolve'])(
    'prints help for %s and exits 0',
    async (command) => {
      const result = await statusmark([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('--root <dir>');
      expect(result.stdout).toContain('--now <time>');
    },
  );
});

describe('new → update → resolve → validate', () => {
  it('writes files as a person would, appending only new lines', async () => {
    const root = await makeRepo(repoFiles());
    const created = await statusmark([
      'new',
      '--root',
      root,
      '--now',
      '2026-03-01T09:30:12Z',
      '--title',
      'Elevated API error rates: EU',
      '--impact',
      'major',
      '--component',
      'api=partial_outage',
      '--component',
      'dashboard=degraded_performance',
      '--message',
      'We are investigating elevated error rates on the API.',
    ]);
    expect(created).toEqual({
      code: 0,
      stdout: 'Created incidents/2026-03-01-elevated-api-error-rates-eu.md\n',
      stderr: '',
    });
    const id = '2026-03-01-elevated-api-error-rates-eu';
    const file = `incidents/${id}.md`;
    execFileSync('git', ['add', '-A'], { cwd: root });

    const updated = await statusmark([
      'update',
      id,
      '--root',
      root,
      '--now',
      '2026-03-01T10:02:00Z',
      '--status',
      'identified',
      '--message',
      'A faulty deploy of the API gateway.\n\nWe are rolling back.',
      '--component',
      'api=degraded_performance',
      '--no-notify',
    ]);
    expect(updated).toMatchObject({
      code: 0,
      stdout: `Added the update "identified" to ${file}\n`,
    });
    const resolved = await statusmark([
      'resolve',
      id,
      '--root',
      root,
      '--now',
      '2026-03-01T10:45:00Z',
    ]);
    expect(resolved).toMatchObject({ code: 0, stdout: `Added the update "resolved" to ${file}\n` });

    expect(await readText(root, file)).toMatchInlineSnapshot(`
      "---
      title: "Elevated API error rates: EU"
      impact: major
      components:
        api: partial_outage
        dashboard: degraded_performance
      updates:
        - at: 2026-03-01T09:30:12Z
          status: investigating
          message: We are investigating elevated error rates on the API.
        - at: 2026-03-01T10:02:00Z
          status: identified
          message: |-
            A faulty deploy of the API gateway.
        
            We are rolling back.
          components:
            api: degraded_performance
          notify: false
        - at: 2026-03-01T10:45:00Z
          status: resolved
          message: This incident has been resolved.
      ---
      "
    `);
    const numstat = execFileSync('git', ['diff', '--numstat', '--', file], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(numstat).toMatch(/^\d+\t0\t/);
    expect((await statusmark(['validate', '--root', root])).code).toBe(0);
  });

  it('refuses an update after resolution and leaves the file as it was', async () => {
    const root = await makeRepo(repoFiles());
    const before = await readText(root, 'incidents/2026-02-20-api-errors.md');
    const result = await statusmark([
      'update',
      '2026-02-20-api-errors',
      '--root',
      root,
      '--now',
      '2026-02-21T00:00:00Z',
      '--status',
      'investigating',
      '--message',
      'It is back.',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
      "incidents/2026-02-20-api-errors.md:13:5 "updates[2]" comes after the resolved update of 2026-02-20T11:00:00Z.
        Fix: A resolved incident is closed: remove this update, or if the problem came back, open a new incident (statusmark new) that links to this one.

      Statusmark found 1 problem in 1 file.
      Nothing was written to incidents/2026-02-20-api-errors.md: fix the problems above, then run the command again.
      "
    `);
    expect(await readText(root, 'incidents/2026-02-20-api-errors.md')).toBe(before);
  });

  it('lists the problems of the incident it is asked to update', async () => {
    const root = await makeRepo(
      repoFiles({ 'incidents/broken.md': '---\ntitle: Broken\nimpact: hgh\nupdates: []\n---\n' }),
    );
    const result = await statusmark([
      'update',
      'broken',
      '--root',
      root,
      ...NOW,
      '--status',
      'identified',
      '--message',
      'Found it.',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
      "incidents/broken.md:3:1 "impact" is "hgh", which is not one of: none, minor, major, critical.
        Fix: Use one of the values listed.

      incidents/broken.md:4:1 "updates" needs at least 1 entry.
        Fix: Add an entry (the timeline, oldest first; append new updates at the end).

      Statusmark found 2 problems in 1 file.
      Nothing was written to incidents/broken.md: fix the problems above, then run the command again.
      "
    `);
  });

  it('gives a second incident with the same title its own id', async () => {
    const root = await makeRepo(repoFiles());
    const args = [
      'new',
      '--root',
      root,
      ...NOW,
      '--title',
      'Slow',
      '--impact',
      'minor',
      '--component',
      'api=degraded_performance',
      '--message',
      'Slow.',
    ];
    expect((await statusmark(args)).stdout).toBe('Created incidents/2026-03-01-slow.md\n');
    expect((await statusmark(args)).stdout).toBe('Created incidents/2026-03-01-slow-2.md\n');
  });

  it('does not let an unrelated broken file block an update', async () => {
    const root = await makeRepo(repoFiles({ 'incidents/broken.md': 'no frontmatter\n' }));
    const result = await statusmark([
      'new',
      '--root',
      root,
      ...NOW,
      '--title',
      'Slow',
      '--impact',
      'minor',
      '--component',
      'api=degraded_performance',
      '--message',
      'Slow.',
    ]);
    expect(result.code).toBe(0);
  });

  it('schedules, starts and completes a maintenance window', async () => {
    const root = await makeRepo(repoFiles());
    const created = await statusmark([
      'new',
      '--maintenance',
      '--root',
      root,
      ...NOW,
      '--title',
      'Database upgrade',
      '--component',
      'api',
      '--scheduled-for',
      '2026-03-05T02:00:00Z',
      '--scheduled-until',
      '2026-03-05T04:00:00+00:00',
      '--message',
      'We will upgrade the database.',
    ]);
    expect(created.stdout).toBe('Created incidents/2026-03-01-database-upgrade.md\n');
    const id = '2026-03-01-database-upgrade';
    expect(
      (
        await statusmark([
          'update',
          id,
          '--root',
          root,
          '--now',
          '2026-03-05T02:00:00Z',
          '--status',
          'in_progress',
          '--message',
          'Started.',
        ])
      ).code,
    ).toBe(0);
    expect(
      (await statusmark(['resolve', id, '--root', root, '--now', '2026-03-05T03:10:00Z'])).code,
    ).toBe(0);
    expect(await readText(root, `incidents/${id}.md`)).toMatchInlineSnapshot(`
      "---
      kind: maintenance
      title: Database upgrade
      components:
        - api
      scheduled_for: 2026-03-05T02:00:00Z
      scheduled_until: 2026-03-05T04:00:00Z
      updates:
        - at: 2026-03-01T09:30:00Z
          status: scheduled
          message: We will upgrade the database.
        - at: 2026-03-05T02:00:00Z
          status: in_progress
          message: Started.
        - at: 2026-03-05T03:10:00Z
          status: completed
          message: The maintenance is complete.
      ---
      "
    `);
    expect((await statusmark(['validate', '--root', root])).code).toBe(0);
  });
});
