import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitHub } from '../src/github/client.ts';
import { commentOnPullRequest, summarizeRevisions } from '../src/workflow/pr-comment.ts';
import { SUMMARY_MARKER } from '../src/workflow/pr-summary.ts';
import { statusmark } from './helpers/cli.ts';
import { makeRepo, repoFiles, SITE_CONFIG } from './helpers/content-repo.ts';
import { commit, git } from './helpers/git.ts';
import { standInClient, startGitHubStandIn, type StandIn } from './helpers/github-stand-in.ts';

const OPEN_INCIDENT = `---
title: Dashboard pages load slowly
impact: minor
components:
  dashboard: degraded_performance
updates:
  - at: 2026-11-22T08:00:00Z
    status: investigating
    message: Some dashboard pages take several seconds to load.
---
`;

const REPOSITORY_URL = 'https://github.com/tidewater/status';

/** Commit shas change with every run (they hash the commit time): the snapshot names them. */
function stable(summary: string): string {
  return summary
    .replace(/[0-9a-f]{40}/g, '<head sha>')
    .replace(/Checked [0-9a-f]{7} against [0-9a-f]{7}/, 'Checked <head> against <base>');
}

/** A repository with one open incident on main, and a branch that adds one and resolves it. */
async function repoWithPullRequest(): Promise<{ root: string; head: string }> {
  const root = await makeRepo(
    repoFiles({ 'incidents/2026-11-22-dashboard-slow.md': OPEN_INCIDENT }),
  );
  git(root, 'checkout', '--quiet', '-b', 'declare-email-incident');
  const now = ['--now', '2026-11-23T09:30:00Z'];
  const created = await statusmark(
    [
      'new',
      '--title',
      'Emails are delayed',
      '--impact',
      'minor',
      '--component',
      'email=degraded_performance',
      '--message',
      'Password reset emails arrive up to 20 minutes late. @oncall #12',
      ...now,
    ],
    { cwd: root },
  );
  expect(created.stderr).toBe('');
  const resolved = await statusmark(
    [
      'resolve',
      '2026-11-22-dashboard-slow',
      '--message',
      'Pages load normally again after a cache fix.',
      ...now,
    ],
    { cwd: root },
  );
  expect(resolved.stderr).toBe('');
  const head = await commit(root, 'Declare the email incident, resolve the dashboard one', {});
  git(root, 'checkout', '--quiet', 'main');
  return { root, head };
}

describe('the pull request summary', () => {
  it('says in plain words what a pull request adding one incident and updating another publishes', async () => {
    const { root } = await repoWithPullRequest();
    const summary = await summarizeRevisions({
      repoDir: root,
      base: 'main',
      head: 'declare-email-incident',
      repositoryUrl: REPOSITORY_URL,
    });
    expect(stable(summary)).toMatchSnapshot();
    expect(summary).toContain('@\u200boncall');
  });

  it('lists every problem of an invalid head, linked to its line, and publishes nothing', async () => {
    const root = await makeRepo(repoFiles());
    git(root, 'checkout', '--quiet', '-b', 'broken');
    await commit(root, 'Broken incident', {
      'incidents/2026-11-23-broken.md':
        '---\ntitle: Broken\nimpact: severe\ncomponents:\n  apii: major_outage\nupdates: []\n---\n',
    });
    const summary = await summarizeRevisions({
      repoDir: root,
      base: 'main',
      head: 'broken',
      repositoryUrl: REPOSITORY_URL,
    });
    expect(stable(summary)).toMatchSnapshot();
  });

  it('reads the head from git objects only: a symbolic link out of the content is reported, not followed', async () => {
    const root = await makeRepo(repoFiles());
    await writeFile(path.join(root, 'secret.txt'), 'GITHUB_TOKEN=ghs_secretvalue');
    git(root, 'checkout', '--quiet', '-b', 'sneaky');
    await commit(root, 'Link', { 'incidents/2026-11-23-link.md': { link: '../secret.txt' } });
    const summary = await summarizeRevisions({
      repoDir: root,
      base: 'main',
      head: 'sneaky',
      repositoryUrl: REPOSITORY_URL,
    });
    expect(summary).not.toContain('ghs_secretvalue');
    expect(summary).toContain('2026\\-11\\-23\\-link\\.md:1');
    expect(summary).toContain('The file is a symbolic link, which Statusmark does not follow');
  });

  it('forecasts who a merge notifies, counting email subscribers without naming them', async () => {
    const config = `${SITE_CONFIG}notifications:
  targets:
    - id: ops-slack
      channel: slack
      url_env: T_SLACK
    - id: dashboard-hooks
      channel: webhook
      url_env: T_HOOK
      secret_env: T_SECRET
      components: [dashboard]
    - id: customers
      channel: email
      smtp_env: T_SMTP
      from_env: T_FROM
      subscribers_env: T_LIST
`;
    const root = await makeRepo(repoFiles({ 'statusmark.yml': config }));
    git(root, 'checkout', '--quiet', '-b', 'declare');
    await commit(root, 'Declare', {
      'incidents/2026-11-23-email-delayed.md':
        '---\ntitle: Emails are delayed\nimpact: minor\ncomponents:\n  email: degraded_performance\nupdates:\n  - at: 2026-11-23T09:30:00Z\n    status: investigating\n    message: Late.\n---\n',
    });
    const options = { repoDir: root, base: 'main', head: 'declare', repositoryUrl: REPOSITORY_URL };
    const env = {
      T_SMTP: 'smtp://127.0.0.1:2525',
      T_FROM: 'status@example.com',
      T_LIST: 'ana@customer.example\nbo@customer.example api\ncy@customer.example email',
      STATUSMARK_LEDGER_KEY: 'key',
    };
    const counted = await summarizeRevisions({ ...options, env });
    expect(counted).toContain(
      '**Notifications on merge:** 1 new update to announce.\n\n- Emails are delayed, Investigating: ops-slack (slack), customers (email, 2 subscribers)',
    );
    expect(counted).not.toContain('customer.example');
    // The comment job holds only the subscriber list: that is enough to count.
    const listOnly = await summarizeRevisions({ ...options, env: { T_LIST: env.T_LIST } });
    expect(listOnly).toContain('customers (email, 2 subscribers)');
    const uncounted = await summarizeRevisions(options);
    expect(uncounted).toContain('customers (email, subscribers not counted here)');
  });

  it('fits the comment limit by dropping detail in stages', async () => {
    const { root } = await repoWithPullRequest();
    const options = {
      repoDir: root,
      base: 'main',
      head: 'declare-email-incident',
      repositoryUrl: REPOSITORY_URL,
    };
    const full = await summarizeRevisions(options);
    const brief = await summarizeRevisions({ ...options, budget: full.length });
    expect(brief.length).toBeLessThanOrEqual(full.length - SUMMARY_MARKER.length - 1);
    expect(brief).not.toContain('Password reset emails');
    expect(brief).toContain('**New incident:**');
    const tiny = await summarizeRevisions({ ...options, budget: 200 });
    expect(tiny.length).toBeLessThanOrEqual(200 - SUMMARY_MARKER.length - 1);
  });
});

describe('the comment on GitHub', () => {
  let standIn: StandIn;
  let github: GitHub;
  beforeEach(async () => {
    standIn = await startGitHubStandIn();
    github = standInClient(standIn);
  });
  afterEach(() => standIn.close());

  it('is kept as one comment across pushes, found by its hidden marker', async () => {
    const { root, head } = await repoWithPullRequest();
    const pull = standIn.addPull({
      number: 42,
      head: { ref: 'declare-email-incident', sha: head },
    });
    const first = await commentOnPullRequest(github, {
      repoDir: root,
      base: 'main',
      headSha: head,
      repositoryUrl: REPOSITORY_URL,
    });
    expect(first).toMatchObject({ outcome: 'commented', comment: { outcome: 'created' } });

    git(root, 'checkout', '--quiet', 'declare-email-incident');
    const pushed = await commit(root, 'Drop the resolution', {
      'incidents/2026-11-22-dashboard-slow.md': OPEN_INCIDENT,
    });
    pull.head.sha = pushed;
    const second = await commentOnPullRequest(github, {
      repoDir: root,
      base: 'main',
      headSha: pushed,
      repositoryUrl: REPOSITORY_URL,
    });
    expect(second).toMatchObject({ outcome: 'commented', comment: { outcome: 'updated' } });
    const rerun = await commentOnPullRequest(github, {
      repoDir: root,
      base: 'main',
      headSha: pushed,
      repositoryUrl: REPOSITORY_URL,
    });
    expect(rerun).toMatchObject({ comment: { outcome: 'unchanged' } });

    expect(standIn.comments).toHaveLength(1);
    expect(standIn.comments[0]?.body.startsWith(`${SUMMARY_MARKER}\n### Statusmark`)).toBe(true);
    expect(standIn.comments[0]?.body).not.toContain('Resolves the incident');
  });

  it('comments on nothing when no open pull request has the head', async () => {
    const { root, head } = await repoWithPullRequest();
    const result = await commentOnPullRequest(github, {
      repoDir: root,
      base: 'main',
      headSha: head,
      repositoryUrl: REPOSITORY_URL,
    });
    expect(result.outcome).toBe('no-pull-request');
    expect(standIn.comments).toHaveLength(0);
  });

  it('runs as the workflow runs it: the command, the event file and the Actions environment', async () => {
    const { root, head } = await repoWithPullRequest();
    standIn.addPull({ number: 42, head: { ref: 'declare-email-incident', sha: head } });
    const eventPath = path.join(root, '.git', 'event.json');
    await writeFile(
      eventPath,
      JSON.stringify({ workflow_run: { head_sha: head, event: 'pull_request' } }),
    );
    const bin = path.resolve(import.meta.dirname, '../scripts/statusmark.js');
    const env = {
      ...process.env,
      GITHUB_TOKEN: standIn.token,
      GITHUB_REPOSITORY: 'tidewater/status',
      GITHUB_API_URL: standIn.url,
      GITHUB_EVENT_PATH: eventPath,
      STATUSMARK_GITHUB_UNPACED: 'true',
    };
    const run = () =>
      promisify(execFile)(process.execPath, [bin, 'pr-comment'], { cwd: root, env });
    const first = await run();
    expect(first.stdout).toBe(
      'The summary comment on #42 was created: https://github.com/tidewater/status/issues/42#issuecomment-1001\n',
    );
    const second = await run();
    expect(second.stdout).toContain('was unchanged');
    expect(standIn.comments).toHaveLength(1);
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(
      standIn.token,
    );
  });
});
