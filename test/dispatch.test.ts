import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { GitHub } from '../src/github/client.ts';
import { openIncidentPullRequest } from '../src/workflow/dispatch.ts';
import { InvalidRequestError } from '../src/workflow/incident-request.ts';
import { declareFromIssue, ISSUE_REPLY_MARKER } from '../src/workflow/issue-incident.ts';
import { makeRepo, repoFiles, SITE_CONFIG } from './helpers/content-repo.ts';
import { git } from './helpers/git.ts';
import { standInClient, startGitHubStandIn, type StandIn } from './helpers/github-stand-in.ts';

const NOW = Date.parse('2026-11-23T03:12:00Z');

const PAYLOAD = {
  name: 'Elevated API error rates',
  component_statuses: [
    { component_id: 'api', component_status: 'partial_outage' },
    { component_id: 'dashboard', component_status: 'degraded_performance' },
  ],
  incident_status: 'investigating',
  message: 'Alert **api-5xx** fired: 12% of requests fail.',
  notify_subscribers: true,
  idempotency_key: 'pagerduty-Q1W2E3',
};

let standIn: StandIn;
let github: GitHub;

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  github = standInClient(standIn);
});
afterEach(() => standIn.close());

/** A checkout of main as the workflow has it, and the same main on the GitHub stand-in. */
async function checkout(config = SITE_CONFIG): Promise<string> {
  const root = await makeRepo(repoFiles({ 'statusmark.yml': config }));
  if (!standIn.branches.has('main')) standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
  return root;
}

/** Another runner's checkout of the same main. */
async function clone(root: string): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), 'statusmark-clone-'));
  onTestFinished(() => rm(copy, { recursive: true, force: true }));
  git(root, 'clone', '--quiet', root, copy);
  return copy;
}

function dispatch(root: string, payload: unknown = PAYLOAD) {
  return openIncidentPullRequest({
    github,
    root,
    now: NOW,
    payload,
    baseBranch: 'main',
    origin: 'an alerting tool (repository_dispatch)',
  });
}

const writes = () => standIn.requests.filter((line) => !line.startsWith('GET'));

describe('incidents from automation', () => {
  it('writes the incident with the CLI code and opens a labelled, reviewed pull request', async () => {
    const root = await checkout(
      `${SITE_CONFIG}pull_requests:\n  labels: [incident, sev]\n  reviewers: [oncall-lead]\n  team_reviewers: [sre]\n`,
    );
    const result = await dispatch(root);
    expect(result.outcome).toBe('opened');
    expect([...standIn.branches.keys()]).toEqual([
      'main',
      expect.stringMatching(/^statusmark\/incident\/pagerduty-q1w2e3-[0-9a-f]{12}$/),
    ]);
    const branch = [...standIn.branches.values()][1];
    const file = 'incidents/2026-11-23-elevated-api-error-rates.md';
    const text = branch?.files.get(file);
    expect(text).toBe(await readFile(path.join(root, file), 'utf8'));
    expect(text).toMatchSnapshot();
    const pull = standIn.pulls[0];
    expect(pull).toMatchObject({
      title: 'Incident: Elevated API error rates',
      base: { ref: 'main' },
      labels: ['incident', 'sev'],
      requested_reviewers: ['oncall-lead'],
      requested_teams: ['sre'],
    });
    expect(pull?.body).toMatchSnapshot();
    const check = await promisify(execFile)(
      process.execPath,
      [path.resolve(import.meta.dirname, '../scripts/statusmark.js'), 'validate'],
      { cwd: root },
    );
    expect(check.stdout).toContain('All content is valid');
  });

  it('never opens a second pull request for the same idempotency key', async () => {
    const root = await checkout();
    const first = await dispatch(root);
    const before = writes().length;
    const second = await dispatch(await clone(root));
    expect(second).toEqual({ outcome: 'existing', pull: first.pull });
    expect(writes()).toHaveLength(before);
    const merged = standIn.pulls[0];
    if (!merged) throw new Error('The first dispatch opened no pull request.');
    merged.state = 'closed';
    merged.merged_at = '2026-11-23T03:20:00Z';
    const afterMerge = await dispatch(await clone(root));
    expect(afterMerge.outcome).toBe('existing');
    expect(standIn.pulls).toHaveLength(1);
  });

  it('opens one pull request when two requests with one key race', async () => {
    const root = await checkout();
    const [a, b] = await Promise.all([dispatch(root), dispatch(await clone(root))]);
    expect(a.pull.number).toBe(b.pull.number);
    expect(standIn.pulls).toHaveLength(1);
    expect([a.outcome, b.outcome].sort()).toEqual(['existing', 'opened']);
    expect(standIn.pulls[0]?.labels).toEqual(['incident']);
  });

  it('finishes the work of a run that died after claiming the branch', async () => {
    const root = await checkout();
    const first = await clone(root);
    standIn.fail({ method: 'POST', path: /\/pulls$/, status: 500, times: 4 });
    await expect(dispatch(first)).rejects.toThrow(
      /GitHub answered 500 while opening a pull request/,
    );
    expect(standIn.pulls).toHaveLength(0);
    const retried = await dispatch(await clone(root));
    expect(retried.outcome).toBe('opened');
    expect(standIn.pulls).toHaveLength(1);
    const branch = [...standIn.branches.entries()].find(([name]) => name !== 'main')?.[1];
    expect([...(branch?.files.keys() ?? [])]).toEqual([
      'incidents/2026-11-23-elevated-api-error-rates.md',
    ]);
  });

  it('refuses invalid payloads with their reasons, and opens nothing', async () => {
    const root = await checkout();
    const cases: Record<string, unknown> = {
      'no title': { message: 'Down.' },
      'unknown component': { title: 'Down', component_ids: ['apii'], message: 'Down.' },
      'bad status': {
        title: 'Down',
        component_statuses: [{ component_id: 'api', component_status: 'broken' }],
        message: 'Down.',
      },
      'typo in a key': { title: 'Down', mesage: 'Down.', message: 'Down.' },
      'wrong types': {
        title: 'Down',
        message: 'Down.',
        notify_subscribers: 'yes',
        impact: 'severe',
      },
      'not an object': 'title=Down',
    };
    const reasons: Record<string, string> = {};
    for (const [name, payload] of Object.entries(cases)) {
      const error = await dispatch(root, payload).catch((caught: unknown) => caught);
      expect(error, name).toBeInstanceOf(InvalidRequestError);
      reasons[name] = (error as Error).message;
    }
    expect(reasons).toMatchSnapshot();
    expect(writes()).toEqual([]);
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('derives the impact from the worst component status, and reads full_outage as major_outage', async () => {
    const root = await checkout();
    await dispatch(root, {
      title: 'Total outage',
      component_ids: ['email'],
      component_statuses: [{ component_id: 'api', component_status: 'full_outage' }],
      message: 'Nothing works.',
      notify_subscribers: false,
    });
    const text = await readFile(path.join(root, 'incidents/2026-11-23-total-outage.md'), 'utf8');
    expect(text).toContain('impact: critical');
    expect(text).toContain('api: major_outage');
    expect(text).toContain('email: major_outage');
    expect(text).toContain('notify: false');
  });
});

describe('the dispatch workflow command', () => {
  const bin = path.resolve(import.meta.dirname, '../scripts/statusmark.js');

  async function runScript(root: string, eventName: string, event: unknown) {
    const eventPath = path.join(root, '.git', 'event.json');
    const outputPath = path.join(root, '.git', 'output.txt');
    await writeFile(eventPath, JSON.stringify(event));
    await writeFile(outputPath, '');
    const env = {
      ...process.env,
      GITHUB_TOKEN: standIn.token,
      GITHUB_REPOSITORY: 'tidewater/status',
      GITHUB_API_URL: standIn.url,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_EVENT_NAME: eventName,
      GITHUB_OUTPUT: outputPath,
      STATUSMARK_NOW: '2026-11-23T03:12:00Z',
      STATUSMARK_GITHUB_UNPACED: 'true',
    };
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        execFile(
          process.execPath,
          [bin, 'dispatch'],
          { cwd: root, env },
          (error, stdout, stderr) => {
            resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
          },
        );
      },
    );
    return { ...result, outputs: await readFile(outputPath, 'utf8') };
  }

  it('opens the pull request for repository_dispatch and returns it again for the same key', async () => {
    const root = await checkout();
    const event = {
      action: 'statusmark-incident',
      client_payload: PAYLOAD,
      repository: { default_branch: 'main' },
    };
    const first = await runScript(root, 'repository_dispatch', event);
    expect(first.stdout).toBe(
      'Opened pull request #1: https://github.com/tidewater/status/pull/1\n',
    );
    expect(first.outputs).toBe(
      'outcome=opened\npull-request-number=1\npull-request-url=https://github.com/tidewater/status/pull/1\n',
    );
    const second = await runScript(await clone(root), 'repository_dispatch', event);
    expect(second.stdout).toBe(
      'This idempotency key already has pull request #1: https://github.com/tidewater/status/pull/1\n',
    );
    expect(second.code).toBe(0);
  });

  it('reads workflow_dispatch inputs, which are all text', async () => {
    const root = await checkout();
    const event = {
      inputs: {
        title: 'Slow logins',
        impact: '',
        components: 'api=degraded_performance, dashboard',
        incident_status: 'identified',
        message: 'Logins take 10 s.',
        notify_subscribers: 'true',
        idempotency_key: '',
      },
      repository: { default_branch: 'main' },
    };
    const result = await runScript(root, 'workflow_dispatch', event);
    expect(result.stderr).toBe('');
    const text = await readFile(path.join(root, 'incidents/2026-11-23-slow-logins.md'), 'utf8');
    expect(text).toContain('impact: minor');
    expect(text).toContain('dashboard: degraded_performance');
    expect(text).toContain('status: identified');
  });

  it('fails with the reason and exit code 1 on an invalid payload', async () => {
    const root = await checkout();
    const result = await runScript(root, 'repository_dispatch', {
      client_payload: { title: 'Down', component_ids: ['apii'], message: 'x' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
      "The incident request was refused, and no pull request was opened:
      - component_ids[0]: "apii" is not a component of this site. Did you mean "api"? Components: api, dashboard, email.
      Fix the request and send it again.
      "
    `);
    expect(standIn.pulls).toHaveLength(0);
  });
});

describe('the incident issue form', () => {
  const body = (components: string) =>
    `### Title\n\nCheckout fails\n\n### Impact\n\nmajor\n\n### Affected components\n\n${components}\n\n### Status\n\ninvestigating\n\n### First update\n\nCustomers cannot pay.\nWe are looking.\n\n### Notifications\n\n- [X] Notify subscribers when this is merged`;

  it('becomes the same pull request, and the issue is told where it is', async () => {
    const root = await checkout();
    const result = await declareFromIssue({
      github,
      root,
      now: NOW,
      issue: 31,
      body: body('api: partial_outage'),
      baseBranch: 'main',
    });
    expect(result.outcome).toBe('opened');
    const text = await readFile(path.join(root, 'incidents/2026-11-23-checkout-fails.md'), 'utf8');
    expect(text).toContain('api: partial_outage');
    expect(text).toContain('Customers cannot pay.');
    const again = await declareFromIssue({
      github,
      root: await clone(root),
      now: NOW,
      issue: 31,
      body: body('api: partial_outage'),
      baseBranch: 'main',
    });
    expect(again.outcome).toBe('existing');
    const replies = standIn.comments.filter((comment) => comment.issue === 31);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toBe(
      `${ISSUE_REPLY_MARKER}\nStatusmark opened #1 with this incident. Review it and merge it to publish the incident; edit the file in the pull request to change its text.`,
    );
  });

  it('replies with the reasons when the form cannot become an incident', async () => {
    const root = await checkout();
    await expect(
      declareFromIssue({
        github,
        root,
        now: NOW,
        issue: 32,
        body: body('paymnts: major_outage'),
        baseBranch: 'main',
      }),
    ).rejects.toThrow(InvalidRequestError);
    expect(standIn.pulls).toHaveLength(0);
    expect(standIn.comments[0]?.body).toMatchSnapshot();
  });
});
