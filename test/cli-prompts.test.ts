import { PassThrough } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { run } from '../src/cli/main.ts';
import type { CliIo } from '../src/cli/io.ts';
import { makeRepo, readText, repoFiles } from './helpers/content-repo.ts';

/**
 * A terminal session: the CLI's prompts write to `output`; each answer is typed once its
 * question has appeared, as a person would.
 */
function terminal(root: string, answers: [question: string, keys: string][]) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let screen = '';
  let errors = '';
  const pending = [...answers];
  stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    const next = pending[0];
    if (next && screen.includes(next[0])) {
      pending.shift();
      // Let the prompt finish drawing before the keys arrive.
      setTimeout(() => stdin.write(next[1]), 20);
    }
  });
  stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const io: CliIo = { stdin, stdout, stderr, env: {}, cwd: root, interactive: true };
  return {
    io,
    screen: () => screen,
    errors: () => errors,
    unanswered: () => pending.map(([q]) => q),
  };
}

const ENTER = '\r';
const DOWN = '\u001b[B';
const SPACE = ' ';

describe('prompts for missing flags at a terminal', () => {
  it('asks for the title, impact, components and message of a new incident', async () => {
    const root = await makeRepo(repoFiles());
    const session = terminal(root, [
      ['Title', `Slow dashboard${ENTER}`],
      ['Impact', `${DOWN}${ENTER}`],
      ['Affected components', `${DOWN}${SPACE}${ENTER}`],
      ['Status of dashboard', `${DOWN}${ENTER}`],
      ['Status:', ENTER],
      ['First update', `Pages load slowly.${ENTER}`],
    ]);
    const code = await run(['new', '--now', '2026-03-01T09:30:00Z'], session.io);
    expect(session.errors()).toBe('');
    expect(session.unanswered()).toEqual([]);
    expect(code).toBe(0);
    expect(await readText(root, 'incidents/2026-03-01-slow-dashboard.md')).toMatchInlineSnapshot(`
      "---
      title: Slow dashboard
      impact: minor
      components:
        dashboard: partial_outage
      updates:
        - at: 2026-03-01T09:30:00Z
          status: investigating
          message: Pages load slowly.
      ---
      "
    `);
  });

  it('asks for the status, changed components and message of an update', async () => {
    const root = await makeRepo(
      repoFiles({
        'incidents/open.md':
          '---\ntitle: Slow\nimpact: minor\ncomponents:\n  api: degraded_performance\nupdates:\n  - at: 2026-03-01T09:00:00Z\n    status: investigating\n    message: Looking.\n---\n',
      }),
    );
    const session = terminal(root, [
      ['Status:', `${DOWN}${DOWN}${ENTER}`],
      ['Components whose status changes', ENTER],
      ['Update (Markdown)', `Fixed and watching.${ENTER}`],
    ]);
    const code = await run(['update', 'open', '--now', '2026-03-01T09:40:00Z'], session.io);
    expect(session.errors()).toBe('');
    expect(code).toBe(0);
    expect(await readText(root, 'incidents/open.md')).toContain(
      '  - at: 2026-03-01T09:40:00Z\n    status: monitoring\n    message: Fixed and watching.\n---\n',
    );
  });

  it('asks a person starting a page for its name, URL and time zone', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'statusmark-init-'));
    onTestFinished(() => rm(parent, { recursive: true, force: true }));
    const session = terminal(parent, [
      ['Name of the status page', `Acme Status${ENTER}`],
      ['Its public URL', `https://acme.github.io/status/${ENTER}`],
      ['Time zone', ENTER],
    ]);
    const code = await run(['init', 'page'], session.io);
    expect(session.errors()).toBe('');
    expect(session.unanswered()).toEqual([]);
    expect(code).toBe(0);
    const config = await readText(parent, 'page/statusmark.yml');
    expect(config).toContain('url: "https://acme.github.io"');
    expect(config).toContain('base: "/status/"');
    expect(config).toMatch(/^time_zone: "[^"]+"$/m);
    expect(session.screen()).toContain('http://localhost:4321/status/');
  });
});
