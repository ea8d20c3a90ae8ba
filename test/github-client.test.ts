import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubError, type GitHub } from '../src/github/client.ts';
import {
  rateLimited,
  standInClient,
  startGitHubStandIn,
  type StandIn,
} from './helpers/github-stand-in.ts';

let standIn: StandIn;
let github: GitHub;
let logged: string[];

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  standIn.addBranch('main', 'a'.repeat(40), { 'incidents/a.md': 'hello' });
  logged = [];
  github = standInClient(standIn, { log: (line) => logged.push(line) });
});
afterEach(() => standIn.close());

const MARKER = '<!-- statusmark:test -->';

describe('the one comment on a pull request', () => {
  it('is created once, then edited in place, and left alone when unchanged', async () => {
    standIn.addComment(7, 'A person reviewing.', 'octocat');
    const first = await github.upsertComment(7, MARKER, 'First summary');
    const second = await github.upsertComment(7, MARKER, 'Second summary');
    const third = await github.upsertComment(7, MARKER, 'Second summary');
    expect([first.outcome, second.outcome, third.outcome]).toEqual([
      'created',
      'updated',
      'unchanged',
    ]);
    expect(second.id).toBe(first.id);
    const mine = standIn.comments.filter((comment) => comment.body.startsWith(MARKER));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.body).toBe(`${MARKER}\nSecond summary`);
    expect(standIn.comments.find((comment) => comment.user === 'octocat')?.body).toBe(
      'A person reviewing.',
    );
  });

  it('is found past the first page of comments', async () => {
    for (let n = 0; n < 130; n++) standIn.addComment(7, `Comment ${n}`, 'octocat');
    standIn.addComment(7, `${MARKER}\nOld summary`);
    const result = await github.upsertComment(7, MARKER, 'New summary');
    expect(result.outcome).toBe('updated');
    expect(
      standIn.requests.filter((line) =>
        line.startsWith('GET /repos/tidewater/status/issues/7/comments'),
      ),
    ).toHaveLength(2);
    expect(standIn.comments.filter((comment) => comment.body.startsWith(MARKER))).toHaveLength(1);
  });

  it('is edited, not duplicated, when the edit is retried after a server error', async () => {
    await github.upsertComment(7, MARKER, 'First');
    standIn.fail({ method: 'PATCH', path: /\/issues\/comments\//, status: 502, times: 2 });
    const result = await github.upsertComment(7, MARKER, 'Second');
    expect(result.outcome).toBe('updated');
    expect(standIn.requests.filter((line) => line.startsWith('PATCH'))).toHaveLength(3);
    expect(standIn.comments).toHaveLength(1);
    expect(standIn.comments[0]?.body).toBe(`${MARKER}\nSecond`);
  });

  it('waits for the rate limit to reset, then goes on', async () => {
    standIn.fail({ method: 'GET', path: /\/comments$/, ...rateLimited(1) });
    const result = await github.upsertComment(7, MARKER, 'Summary');
    expect(result.outcome).toBe('created');
    expect(logged.join('\n')).toMatch(
      /GitHub's rate limit was reached on GET .*; retrying in \d s\./,
    );
    expect(logged.join('\n')).not.toContain(standIn.token);
  });

  it('gives up on a rate limit that resets too late, with a clear error', async () => {
    const slow = standInClient(standIn, {
      retryBaseMs: 1000,
      maxRateLimitWaitSeconds: 5,
      log: (line) => logged.push(line),
    });
    standIn.fail({ method: 'GET', path: /\/comments$/, ...rateLimited(3600) });
    await expect(slow.upsertComment(7, MARKER, 'Summary')).rejects.toThrow(
      /^GitHub answered 403 while commenting on #7: API rate limit exceeded for installation\./,
    );
    expect(standIn.comments).toHaveLength(0);
  });
});

describe('branches and files', () => {
  it('claims a branch once: a second claim finds it taken', async () => {
    expect(await github.createBranch('statusmark/incident/k1', 'a'.repeat(40))).toBe('created');
    expect(await github.createBranch('statusmark/incident/k1', 'a'.repeat(40))).toBe('exists');
    expect(await github.branchSha('statusmark/incident/k1')).toBe('a'.repeat(40));
    expect(await github.branchSha('nope')).toBeNull();
  });

  it('reads files, reports a missing one as null, and refuses a stale write (409)', async () => {
    const file = await github.getFile('incidents/a.md', 'main');
    expect(file?.text).toBe('hello');
    expect(await github.getFile('incidents/missing.md', 'main')).toBeNull();
    const write = { path: 'incidents/a.md', branch: 'main', text: 'changed', message: 'Edit' };
    expect(await github.putFile({ ...write, sha: file?.sha ?? '' })).toBe('written');
    expect(await github.putFile({ ...write, text: 'again', sha: file?.sha ?? '' })).toBe(
      'conflict',
    );
    expect(await github.putFile({ ...write, text: 'no sha' })).toBe('conflict');
    expect((await github.getFile('incidents/a.md', 'main'))?.text).toBe('changed');
  });

  it('explains a refused token without printing it', async () => {
    const wrong = standInClient(standIn, { token: 'ghs_wrong' });
    const error = await wrong.branchSha('main').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitHubError);
    expect((error as Error).message).toMatchInlineSnapshot(
      `"GitHub answered 401 while reading the branch main: Bad credentials. The token was refused: check that the workflow passes a valid token."`,
    );
  });
});

describe('pull requests', () => {
  it('returns the open pull request when opening one for the same head again', async () => {
    await github.createBranch('feature', 'a'.repeat(40));
    const first = await github.openPullRequest({
      title: 'One',
      body: '',
      head: 'feature',
      base: 'main',
    });
    const again = await github.openPullRequest({
      title: 'One',
      body: '',
      head: 'feature',
      base: 'main',
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ pull: first.pull, created: false });
    expect(standIn.pulls).toHaveLength(1);
    expect((await github.pullRequestsFromBranch('feature')).map((pull) => pull.number)).toEqual([
      first.pull.number,
    ]);
    expect((await github.openPullRequestWithHead('a'.repeat(40)))?.number).toBe(first.pull.number);
    expect(await github.openPullRequestWithHead('b'.repeat(40))).toBeNull();
  });

  it('reports a missing base branch as GitHub words it', async () => {
    await expect(
      github.openPullRequest({ title: 'One', body: '', head: 'missing', base: 'main' }),
    ).rejects.toThrow(
      /^GitHub answered 422 while opening a pull request from missing: Validation Failed/,
    );
  });
});

describe('the one comment on a discussion', () => {
  it('is created once, found past the first page, and edited in place', async () => {
    const comments = Array.from({ length: 120 }, (_, n) => ({
      id: `DC_${n}`,
      body: `Comment ${n}`,
    }));
    standIn.discussions.set(9, { id: 'D_9', comments });
    const first = await github.upsertDiscussionComment(9, MARKER, 'First');
    const second = await github.upsertDiscussionComment(9, MARKER, 'Second');
    const third = await github.upsertDiscussionComment(9, MARKER, 'Second');
    expect([first.outcome, second.outcome, third.outcome]).toEqual([
      'created',
      'updated',
      'unchanged',
    ]);
    const mine = comments.filter((comment) => comment.body.startsWith(MARKER));
    expect(mine).toEqual([{ id: expect.any(String) as string, body: `${MARKER}\nSecond` }]);
  });

  it('names a missing discussion in the error', async () => {
    await expect(github.upsertDiscussionComment(404, MARKER, 'x')).rejects.toThrow(
      /while commenting on discussion #404: .*Could not resolve to a Discussion/,
    );
  });
});

describe('files on a branch', () => {
  it('are read whole above 1 MB, where the contents API leaves the content out', async () => {
    const large = `${'x'.repeat(1_200_000)}\nthe end\n`;
    expect(
      await github.putFile({
        path: 'ledger/big.json',
        branch: 'main',
        text: large,
        message: 'Big',
      }),
    ).toBe('written');
    const read = await github.getFile('ledger/big.json', 'main');
    expect(read?.text).toBe(large);
    expect(standIn.requests.some((request) => request.startsWith('GET /repos/'))).toBe(true);
    expect(standIn.requests.some((request) => request.includes('/git/blobs/'))).toBe(true);
  });
});
