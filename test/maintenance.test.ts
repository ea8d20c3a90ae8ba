import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { loadContent } from '../src/content/load.ts';
import { CLOCK_MESSAGES, withClockUpdates } from '../src/domain/maintenance-clock.ts';
import type { MaintenanceStatus, MaintenanceUpdate } from '../src/domain/model.ts';
import { maintenanceState } from '../src/domain/status.ts';
import { renderMarkdown } from '../src/markdown/render.ts';
import { githubLedger } from '../src/notify/ledger.ts';
import { runNotify } from '../src/notify/run.ts';
import { channelSenders } from '../src/notify/senders.ts';
import { resolveTargets } from '../src/notify/targets.ts';
import { buildSite } from './helpers/build-site.ts';
import { makeRepo, repoFiles, SITE_CONFIG } from './helpers/content-repo.ts';
import { commit, git } from './helpers/git.ts';
import { standInClient, startGitHubStandIn, type StandIn } from './helpers/github-stand-in.ts';
import { at, HOUR } from './helpers/model.ts';
import { startReceivers, WEBHOOK_SECRET, type Receivers } from './helpers/receivers.ts';

/**
 * A maintenance window is a first-class entry: its clock moves (a reminder, the start, the end)
 * are published as updates in every output and notified once, like a person's update.
 */

const START = '2026-11-29T01:00:00Z';
const END = '2026-11-29T03:00:00Z';

function own(...updates: [iso: string, status: MaintenanceStatus][]): MaintenanceUpdate[] {
  return updates.map(([iso, status]) => ({
    at: iso,
    time: at(iso),
    status,
    message: renderMarkdown(`${status} by a person.`),
    notify: true,
  }));
}

function clock(updates: MaintenanceUpdate[], remind?: number, notify = true) {
  return withClockUpdates(
    {
      scheduledFor: at(START),
      scheduledUntil: at(END),
      updates,
      notify,
      remindHoursBefore: remind,
    },
    renderMarkdown,
  ).map((update) => [update.at, update.status, update.automatic === true, update.notify]);
}

describe('the clock of a maintenance window', () => {
  it('posts a reminder, the start and the end as updates', () => {
    expect(clock(own(['2026-11-20T09:00:00Z', 'scheduled']), 24)).toEqual([
      ['2026-11-20T09:00:00Z', 'scheduled', false, true],
      ['2026-11-28T01:00:00Z', 'scheduled', true, true],
      [START, 'in_progress', true, true],
      [END, 'completed', true, true],
    ]);
  });

  it('posts nothing the team already said by then, and nothing before the announcement', () => {
    const early = own(
      ['2026-11-28T23:00:00Z', 'scheduled'],
      ['2026-11-29T00:50:00Z', 'in_progress'],
      ['2026-11-29T02:10:00Z', 'completed'],
    );
    // The reminder would fall before the announcement; the team started and ended the work.
    expect(clock(early, 24).map(([time, , automatic]) => [time, automatic])).toEqual([
      ['2026-11-28T23:00:00Z', false],
      ['2026-11-29T00:50:00Z', false],
      ['2026-11-29T02:10:00Z', false],
    ]);
  });

  it('keeps a published clock update when the team posts after it', () => {
    const before = clock(own(['2026-11-20T09:00:00Z', 'scheduled']));
    const after = clock(
      own(['2026-11-20T09:00:00Z', 'scheduled'], ['2026-11-29T01:20:00Z', 'verifying']),
    );
    expect(after).toEqual(
      expect.arrayContaining(before.filter(([, , automatic]) => automatic === true)),
    );
  });

  it('does not notify the clock updates of a window that does not notify', () => {
    expect(
      clock(own(['2026-11-20T09:00:00Z', 'scheduled']), undefined, false)
        .filter(([, , automatic]) => automatic)
        .map(([, , , notify]) => notify),
    ).toEqual([false, false]);
  });

  it('records when the work really started and ended', () => {
    const window = {
      kind: 'maintenance' as const,
      id: 'w',
      file: 'incidents/w.md',
      title: 'w',
      notify: true,
      mentions: [],
      body: null,
      components: [],
      scheduledFor: at(START),
      scheduledUntil: at(END),
      updates: withClockUpdates(
        {
          scheduledFor: at(START),
          scheduledUntil: at(END),
          notify: true,
          remindHoursBefore: undefined,
          updates: own(
            ['2026-11-20T09:00:00Z', 'scheduled'],
            ['2026-11-29T02:10:00Z', 'completed'],
          ),
        },
        renderMarkdown,
      ),
    };
    const during = maintenanceState(window, at(START) + HOUR);
    expect([during?.status, during?.startedAt, during?.completedAt]).toEqual([
      'in_progress',
      at(START),
      null,
    ]);
    const after = maintenanceState(window, at(END) + HOUR);
    expect([after?.status, after?.completedAt]).toEqual(['completed', at('2026-11-29T02:10:00Z')]);
  });
});

const WINDOW = `---
kind: maintenance
title: Database upgrade
components: [api]
scheduled_for: ${START}
scheduled_until: ${END}
remind_hours_before: 2
updates:
  - at: 2026-11-20T09:00:00Z
    status: scheduled
    message: We will upgrade the database.
---

The upgrade moves every cluster to the new major version.
`;
const WINDOW_FILE = 'incidents/2026-11-29-database-upgrade.md';

describe('a built site before, during and after a window', () => {
  it('shows the window’s own page, API status and feed entries as the clock moves', async () => {
    const root = await makeRepo(repoFiles({ [WINDOW_FILE]: WINDOW }));
    const seen: Record<string, unknown> = {};
    for (const [name, now] of [
      ['before', '2026-11-28T12:00:00Z'],
      ['during', '2026-11-29T02:00:00Z'],
      ['after', '2026-11-29T04:00:00Z'],
    ] as const) {
      const build = await buildSite(root, now);
      onTestFinished(build.cleanup);
      expect(build.code, build.output).toBe(0);
      const file = (name: string) => readFile(path.join(build.outDir, name), 'utf8');
      const page = await file('maintenance/2026-11-29-database-upgrade/index.html');
      const v2 = JSON.parse(await file('api/v2/scheduled-maintenances.json')) as {
        scheduled_maintenances: {
          status: string;
          resolved_at: string | null;
          shortlink: string;
          incident_updates: { status: string; body: string }[];
        }[];
      };
      const window = v2.scheduled_maintenances[0];
      const feed = await file('feed.json');
      seen[name] = {
        page: /<p class="meta"><strong>([^<]+)<\/strong>/.exec(page)?.[1],
        body: page.includes('The upgrade moves every cluster'),
        status: window?.status,
        latest: window?.incident_updates[0]?.status,
        resolved: window?.resolved_at,
        shortlink: window?.shortlink,
        started: feed.includes(CLOCK_MESSAGES.started),
        completed: feed.includes(CLOCK_MESSAGES.completed),
      };
    }
    expect(seen).toEqual({
      before: {
        page: 'Scheduled',
        body: true,
        status: 'scheduled',
        latest: 'scheduled',
        resolved: null,
        shortlink: 'https://status.example.com/maintenance/2026-11-29-database-upgrade/',
        started: false,
        completed: false,
      },
      during: {
        page: 'In progress',
        body: true,
        status: 'in_progress',
        latest: 'in_progress',
        resolved: null,
        shortlink: 'https://status.example.com/maintenance/2026-11-29-database-upgrade/',
        started: true,
        completed: false,
      },
      after: {
        page: 'Completed',
        body: true,
        status: 'completed',
        latest: 'completed',
        resolved: END,
        shortlink: 'https://status.example.com/maintenance/2026-11-29-database-upgrade/',
        started: true,
        completed: true,
      },
    });
  }, 60_000);
});

describe('the list of past windows', () => {
  it('shows the newest on /maintenance/ and pages the older ones from the oldest', async () => {
    const windows = Object.fromEntries(
      Array.from({ length: 120 }, (_, index) => {
        const day = new Date(Date.UTC(2026, 5, 1) + index * 24 * HOUR).toISOString().slice(0, 10);
        return [
          `incidents/${day}-window-${String(index + 1)}.md`,
          `---\nkind: maintenance\ntitle: Window ${String(index + 1)}\ncomponents: [api]\nscheduled_for: ${day}T01:00:00Z\nscheduled_until: ${day}T02:00:00Z\nupdates:\n  - at: ${day}T00:00:00Z\n    status: scheduled\n    message: We will upgrade the database.\n---\n`,
        ];
      }),
    );
    const root = await makeRepo(repoFiles(windows));
    const build = await buildSite(root, '2026-11-29T12:00:00Z');
    onTestFinished(build.cleanup);
    expect(build.code, build.output).toBe(0);
    const titles = async (page: string) =>
      [...(await readFile(path.join(build.outDir, page), 'utf8')).matchAll(/>(Window \d+)</g)].map(
        (match) => match[1],
      );
    // Cut every 50 from the oldest: 1–50 and 51–100 are full pages, 101–120 is not, and the
    // first page joins the two newest cuts.
    const first = await titles('maintenance/index.html');
    expect(first).toHaveLength(70);
    expect(first.slice(0, 2)).toEqual(['Window 120', 'Window 119']);
    expect(first.at(-1)).toBe('Window 51');
    const archived = await titles('maintenance/past/1/index.html');
    expect(archived).toHaveLength(50);
    expect([archived[0], archived.at(-1)]).toEqual(['Window 50', 'Window 1']);
    await expect(
      readFile(path.join(build.outDir, 'maintenance/past/2/index.html')),
    ).rejects.toThrow();
    const pager = (page: string) =>
      readFile(path.join(build.outDir, page), 'utf8').then(
        (html) => /<nav class="pager"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '',
      );
    expect(await pager('maintenance/index.html')).toContain('href="/maintenance/past/1/"');
    expect(await pager('maintenance/past/1/index.html')).toContain('href="/maintenance/"');
  });
});

describe('notifications of a window’s clock', () => {
  let standIn: StandIn;
  let receivers: Receivers;
  beforeEach(async () => {
    standIn = await startGitHubStandIn();
    receivers = await startReceivers();
  });
  afterEach(() => standIn.close());

  const CONFIG = `${SITE_CONFIG}notifications:
  targets:
    - id: ops
      channel: webhook
      url_env: T_WEBHOOK_URL
      secret_env: T_WEBHOOK_SECRET
`;

  async function notifyAt(root: string, now: string) {
    const content = await loadContent(root);
    const github = standInClient(standIn);
    const targets = await resolveTargets(content.config.notifications, {
      T_WEBHOOK_URL: `${receivers.url}/webhook`,
      T_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STATUSMARK_LEDGER_KEY: 'ledgerkey0005',
    });
    const senders = channelSenders(content, github, 1000);
    try {
      return await runNotify({
        content,
        targets,
        ledger: githubLedger(github, {
          branch: content.config.notifications.ledger_branch,
          baseBranch: 'main',
          retryMs: [10],
        }),
        senders,
        now: Date.parse(now),
        runId: `run-${now}`,
        leaseMs: 0,
        policy: {
          retries: 1,
          minRetryMs: 10,
          maxRetryMs: 20,
          maxRetryAfterMs: 100,
          timeoutMs: 1000,
        },
        dryRun: false,
        acknowledge: false,
        log: () => undefined,
      });
    } finally {
      senders.close();
    }
  }

  async function delivered(window: string): Promise<string[][]> {
    const root = await makeRepo(repoFiles({ 'statusmark.yml': CONFIG }));
    standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
    await notifyAt(root, '2026-11-19T00:00:00Z'); // the first run starts the record
    await commit(root, 'Schedule', { [WINDOW_FILE]: window });
    const runs: string[][] = [];
    // The scheduled Notify runs: each sends what became due since the one before, once.
    for (const now of [
      '2026-11-20T09:05:00Z',
      '2026-11-28T23:30:00Z',
      '2026-11-29T01:07:00Z',
      '2026-11-29T01:37:00Z',
      '2026-11-29T03:07:00Z',
      '2026-11-29T03:37:00Z',
    ]) {
      const summary = await notifyAt(root, now);
      runs.push(summary.sent.map((delivery) => delivery.event.update.status));
    }
    return runs;
  }

  it('notifies the announcement, the reminder, the start and the end once each', async () => {
    expect(await delivered(WINDOW)).toEqual([
      ['scheduled'],
      ['scheduled'],
      ['in_progress'],
      [],
      ['completed'],
      [],
    ]);
    const bodies = receivers.of('/webhook').map((request) => {
      const { incident } = request.body as { incident: { incident_updates: { body: string }[] } };
      return incident.incident_updates[0]?.body;
    });
    expect(bodies.slice(1)).toEqual([
      CLOCK_MESSAGES.reminder(2),
      CLOCK_MESSAGES.started,
      CLOCK_MESSAGES.completed,
    ]);
  }, 60_000);

  it('respects notify: false on the window', async () => {
    const silent = WINDOW.replace(
      'remind_hours_before: 2',
      'remind_hours_before: 2\nnotify: false',
    );
    expect((await delivered(silent)).flat()).toEqual([]);
  }, 60_000);
});
