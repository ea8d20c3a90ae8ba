import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGitHub, type GitHub, type GitHubOptions } from '../../src/github/client.ts';

/**
 * A loopback HTTP server that answers the few GitHub REST endpoints Statusmark calls, the way
 * GitHub answers them: the same paths, status codes, bodies, pagination `Link` headers and
 * errors (404, 409, 422, 403 rate limit with reset). State lives in memory; tests read it back.
 */

export interface StandInPull {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged_at: string | null;
  head: { ref: string; sha: string; label: string };
  base: { ref: string; sha: string };
  labels: string[];
  requested_reviewers: string[];
  requested_teams: string[];
}

export interface StandInComment {
  id: number;
  issue: number;
  body: string;
  user: string;
}

export interface Fault {
  readonly method: string;
  /** Matched against the request path (without the query). */
  readonly path: RegExp;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** How many matching requests fail before the endpoint answers normally again. */
  times: number;
  /** The request is carried out, then answered with the fault: a write that landed but "failed". */
  readonly after?: boolean;
  /** The request is never answered (the connection stays open until the client gives up). */
  readonly hang?: boolean;
}

interface Branch {
  sha: string;
  files: Map<string, string>;
}

export interface StandIn {
  readonly url: string;
  readonly token: string;
  readonly owner: string;
  readonly repo: string;
  readonly branches: Map<string, Branch>;
  readonly pulls: StandInPull[];
  readonly comments: StandInComment[];
  /** Discussions by number, with their comments (GraphQL). */
  readonly discussions: Map<number, { id: string; comments: { id: string; body: string }[] }>;
  /** Every request, as `METHOD /path?query`. */
  readonly requests: string[];
  /** Request bodies of writes, for checks that nothing secret was sent. */
  readonly bodies: string[];
  fail(fault: Omit<Fault, 'times'> & { times?: number }): void;
  addBranch(name: string, sha: string, files?: Record<string, string>): void;
  addPull(
    pull: Partial<Omit<StandInPull, 'head'>> & { head: { ref: string; sha: string } },
  ): StandInPull;
  addComment(issue: number, body: string, user?: string): StandInComment;
  close(): Promise<void>;
}

export async function startGitHubStandIn(
  options: { owner?: string; repo?: string } = {},
): Promise<StandIn> {
  const owner = options.owner ?? 'tidewater';
  const repo = options.repo ?? 'status';
  const token = 'ghs_standintoken0123456789';
  const branches = new Map<string, Branch>();
  const pulls: StandInPull[] = [];
  const comments: StandInComment[] = [];
  const requests: string[] = [];
  const bodies: string[] = [];
  const faults: Fault[] = [];
  const discussions: StandIn['discussions'] = new Map();
  let nextComment = 1000;
  let commitCounter = 0;

  const newSha = (seed: string) =>
    createHash('sha1').update(`${seed}:${++commitCounter}`).digest('hex');
  const blobSha = (text: string) =>
    createHash('sha1')
      .update(`blob ${Buffer.byteLength(text)}\0${text}`)
      .digest('hex');

  const addPull: StandIn['addPull'] = (pull) => {
    const created: StandInPull = {
      number: pull.number ?? pulls.length + comments.length + 1,
      title: pull.title ?? 'A pull request',
      body: pull.body ?? '',
      state: pull.state ?? 'open',
      merged_at: pull.merged_at ?? null,
      head: { ...pull.head, label: `${owner}:${pull.head.ref}` },
      base: pull.base ?? { ref: 'main', sha: branches.get('main')?.sha ?? '0'.repeat(40) },
      labels: pull.labels ?? [],
      requested_reviewers: pull.requested_reviewers ?? [],
      requested_teams: pull.requested_teams ?? [],
    };
    pulls.push(created);
    return created;
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, { message: String(error) });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<Answered> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const method = request.method ?? 'GET';
    requests.push(`${method} ${url.pathname}${url.search}`);
    const raw = await readBody(request);
    if (method !== 'GET') bodies.push(raw);
    if (request.headers.authorization !== `token ${token}`) {
      return send(response, 401, { message: 'Bad credentials', status: '401' });
    }
    const fault = faults.find(
      (f) => f.times > 0 && f.method === method && f.path.test(url.pathname),
    );
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    if (fault) {
      fault.times--;
      if (fault.hang) return true;
      if (fault.after) await route(url, method, body, discard());
      return send(response, fault.status, fault.body ?? { message: 'Server Error' }, fault.headers);
    }
    return route(url, method, body, response);
  }

  function route(
    url: URL,
    method: string,
    body: Record<string, unknown>,
    response: ServerResponse,
  ): Answered | Promise<Answered> {
    if (method === 'POST' && url.pathname === '/graphql') return graphql(response, body);
    const prefix = `/repos/${owner}/${repo}`;
    if (!url.pathname.startsWith(`${prefix}/`)) return notFound(response);
    // GitHub accepts encoded slashes in refs and paths (`heads%2Fa%2Fb`) as Octokit sends them.
    const route = decodeURIComponent(url.pathname.slice(prefix.length));
    let match: RegExpExecArray | null;

    if (method === 'GET' && (match = /^\/git\/ref\/heads\/(.+)$/.exec(route))) {
      const branch = branches.get(match[1] ?? '');
      if (!branch) return notFound(response);
      return send(response, 200, {
        ref: `refs/heads/${match[1]}`,
        object: { sha: branch.sha, type: 'commit' },
      });
    }
    if (method === 'POST' && route === '/git/refs') {
      const ref = field(body.ref);
      const sha = field(body.sha);
      const name = ref.replace(/^refs\/heads\//, '');
      if (branches.has(name)) {
        return send(response, 422, { message: 'Reference already exists', status: '422' });
      }
      const from = [...branches.values()].find((branch) => branch.sha === sha);
      if (!from) return send(response, 422, { message: 'Object does not exist', status: '422' });
      branches.set(name, { sha, files: new Map(from.files) });
      return send(response, 201, { ref, object: { sha, type: 'commit' } });
    }
    if ((match = /^\/git\/blobs\/([0-9a-f]+)$/.exec(route)) && method === 'GET') {
      const sha = match[1] ?? '';
      for (const branch of branches.values()) {
        for (const text of branch.files.values()) {
          if (blobSha(text) !== sha) continue;
          return send(response, 200, {
            sha,
            size: Buffer.byteLength(text),
            encoding: 'base64',
            content: Buffer.from(text).toString('base64'),
          });
        }
      }
      return notFound(response);
    }
    if ((match = /^\/contents\/(.+)$/.exec(route))) {
      const path = match[1] ?? '';
      if (method === 'GET') {
        const ref = url.searchParams.get('ref') ?? 'main';
        const text = branches.get(ref)?.files.get(path);
        if (text === undefined) return notFound(response);
        // GitHub leaves out the content of files over 1 MB; the blob API serves them.
        const large = Buffer.byteLength(text) > 1024 * 1024;
        return send(response, 200, {
          type: 'file',
          encoding: large ? 'none' : 'base64',
          path,
          sha: blobSha(text),
          size: Buffer.byteLength(text),
          content: large ? '' : Buffer.from(text).toString('base64'),
        });
      }
      if (method === 'PUT') {
        const branch = branches.get(field(body.branch) || 'main');
        if (!branch) return send(response, 404, { message: 'Branch not found', status: '404' });
        const existing = branch.files.get(path);
        if (existing !== undefined && body.sha === undefined) {
          return send(response, 422, {
            message: 'Invalid request.\n\n"sha" wasn\'t supplied.',
            status: '422',
          });
        }
        if (
          body.sha !== undefined &&
          (existing === undefined || blobSha(existing) !== field(body.sha))
        ) {
          return send(response, 409, {
            message: `${path} does not match ${field(body.sha)}`,
            status: '409',
          });
        }
        const text = Buffer.from(field(body.content), 'base64').toString('utf8');
        branch.files.set(path, text);
        branch.sha = newSha(path);
        return send(response, existing === undefined ? 201 : 200, {
          content: { path, sha: blobSha(text) },
          commit: { sha: branch.sha, message: body.message },
        });
      }
    }
    if (route === '/pulls' && method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const found = pulls
        .filter((pull) => state === 'all' || pull.state === state)
        .filter((pull) => head === null || pull.head.label === head)
        .sort((a, b) => b.number - a.number);
      return sendPage(response, url, found.map(pullJson));
    }
    if (route === '/pulls' && method === 'POST') {
      const head = field(body.head);
      const branch = branches.get(head);
      if (!branch) {
        return validationFailed(response, {
          resource: 'PullRequest',
          field: 'head',
          code: 'invalid',
        });
      }
      if (pulls.some((pull) => pull.state === 'open' && pull.head.ref === head)) {
        return validationFailed(response, {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${owner}:${head}.`,
        });
      }
      const pull = addPull({
        number: pulls.length + comments.length + 1,
        title: field(body.title),
        body: field(body.body),
        head: { ref: head, sha: branch.sha },
        base: { ref: field(body.base), sha: branches.get(field(body.base))?.sha ?? '' },
      });
      return send(response, 201, pullJson(pull));
    }
    if ((match = /^\/pulls\/(\d+)\/requested_reviewers$/.exec(route)) && method === 'POST') {
      const pull = pulls.find((candidate) => candidate.number === Number(match?.[1]));
      if (!pull) return notFound(response);
      pull.requested_reviewers.push(...((body.reviewers as string[] | undefined) ?? []));
      pull.requested_teams.push(...((body.team_reviewers as string[] | undefined) ?? []));
      return send(response, 201, pullJson(pull));
    }
    if ((match = /^\/issues\/(\d+)\/labels$/.exec(route)) && method === 'POST') {
      const pull = pulls.find((candidate) => candidate.number === Number(match?.[1]));
      if (!pull) return notFound(response);
      pull.labels.push(...((body.labels as string[] | undefined) ?? []));
      return send(
        response,
        200,
        pull.labels.map((name) => ({ name })),
      );
    }
    if ((match = /^\/issues\/(\d+)\/comments$/.exec(route))) {
      const issue = Number(match[1]);
      if (method === 'GET') {
        const found = comments.filter((comment) => comment.issue === issue).map(commentJson);
        return sendPage(response, url, found);
      }
      if (method === 'POST') {
        return send(response, 201, commentJson(addComment(issue, field(body.body))));
      }
    }
    if ((match = /^\/issues\/comments\/(\d+)$/.exec(route)) && method === 'PATCH') {
      const comment = comments.find((candidate) => candidate.id === Number(match?.[1]));
      if (!comment) return notFound(response);
      comment.body = field(body.body);
      return send(response, 200, commentJson(comment));
    }
    return notFound(response);
  }

  /**
   * The three operations Statusmark sends, told apart by their operation names, answered with
   * GitHub's shapes; an unknown discussion is a GraphQL error (HTTP 200 with `errors`).
   */
  function graphql(response: ServerResponse, request: Record<string, unknown>): Answered {
    const query = field(request.query);
    const variables = (request.variables ?? {}) as Record<string, unknown>;
    const comment = (text: { id: string; body: string }) => ({
      ...text,
      url: `https://github.com/${owner}/${repo}/discussions#${text.id}`,
    });
    if (query.includes('query StatusmarkDiscussion')) {
      const discussion = discussions.get(Number(variables.number));
      if (!discussion) {
        return send(response, 200, {
          data: { repository: { discussion: null } },
          errors: [{ type: 'NOT_FOUND', message: 'Could not resolve to a Discussion.' }],
        });
      }
      const start = variables.after ? Number(variables.after) : 0;
      const nodes = discussion.comments.slice(start, start + 100).map(comment);
      const hasNextPage = start + 100 < discussion.comments.length;
      return send(response, 200, {
        data: {
          repository: {
            discussion: {
              id: discussion.id,
              comments: { nodes, pageInfo: { hasNextPage, endCursor: String(start + 100) } },
            },
          },
        },
      });
    }
    const target = [...discussions.values()];
    if (query.includes('mutation StatusmarkAddDiscussionComment')) {
      const discussion = target.find((candidate) => candidate.id === variables.id);
      if (!discussion) return send(response, 200, { errors: [{ message: 'Not found' }] });
      const added = { id: `DC_${++nextComment}`, body: field(variables.body) };
      discussion.comments.push(added);
      return send(response, 200, { data: { addDiscussionComment: { comment: comment(added) } } });
    }
    if (query.includes('mutation StatusmarkUpdateDiscussionComment')) {
      const found = target
        .flatMap((candidate) => candidate.comments)
        .find((c) => c.id === variables.id);
      if (!found) return send(response, 200, { errors: [{ message: 'Not found' }] });
      found.body = field(variables.body);
      return send(response, 200, {
        data: { updateDiscussionComment: { comment: comment(found) } },
      });
    }
    return send(response, 200, { errors: [{ message: 'Unknown operation' }] });
  }

  function addComment(issue: number, body: string, user = 'github-actions[bot]'): StandInComment {
    const comment = { id: ++nextComment, issue, body, user };
    comments.push(comment);
    return comment;
  }

  const pullJson = (pull: StandInPull) => ({
    ...pull,
    url: `${address()}/repos/${owner}/${repo}/pulls/${pull.number}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${pull.number}`,
    labels: pull.labels.map((name) => ({ name })),
    requested_reviewers: pull.requested_reviewers.map((login) => ({ login })),
    requested_teams: pull.requested_teams.map((slug) => ({ slug })),
  });
  const commentJson = (comment: StandInComment) => ({
    id: comment.id,
    body: comment.body,
    user: { login: comment.user, type: comment.user.endsWith('[bot]') ? 'Bot' : 'User' },
    html_url: `https://github.com/${owner}/${repo}/issues/${comment.issue}#issuecomment-${comment.id}`,
  });

  /** GitHub pages lists with `per_page` and `page`, and links the next page in `Link`. */
  function sendPage(response: ServerResponse, url: URL, items: unknown[]): Answered {
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URL(url.toString().replace('http://stand-in', address()));
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    return send(response, 200, slice, headers);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: address(),
    token,
    owner,
    repo,
    branches,
    pulls,
    comments,
    discussions,
    requests,
    bodies,
    fail: (fault) => faults.push({ ...fault, times: fault.times ?? 1 }),
    addBranch: (name, sha, files = {}) =>
      branches.set(name, { sha, files: new Map(Object.entries(files)) }),
    addPull,
    addComment,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        }),
      ),
  };
}

/**
 * A Statusmark GitHub client for the stand-in: its token and address, no pacing and short
 * retry waits (loopback answers at once); `options` override any of them.
 */
export function standInClient(standIn: StandIn, options: Partial<GitHubOptions> = {}): GitHub {
  return createGitHub({
    token: standIn.token,
    repository: `${standIn.owner}/${standIn.repo}`,
    apiUrl: standIn.url,
    paced: false,
    retryBaseMs: 10,
    ...options,
  });
}

/** What GitHub answers when the primary rate limit is used up until `resetInSeconds` from now. */
export function rateLimited(resetInSeconds: number): Omit<Fault, 'method' | 'path' | 'times'> {
  return {
    status: 403,
    headers: {
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds),
    },
    body: {
      message: 'API rate limit exceeded for installation.',
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      status: '403',
    },
  };
}

function validationFailed(response: ServerResponse, error: Record<string, string>): Answered {
  return send(response, 422, {
    message: 'Validation Failed',
    errors: [error],
    documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
    status: '422',
  });
}

function notFound(response: ServerResponse): Answered {
  return send(response, 404, {
    message: 'Not Found',
    documentation_url: 'https://docs.github.com/rest',
    status: '404',
  });
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Answered {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
  return true;
}

/** A response that goes nowhere: the route runs, its answer is dropped. */
function discard(): ServerResponse {
  return { writeHead: () => undefined, end: () => undefined } as unknown as ServerResponse;
}

/** Every route ends by answering; the type makes a forgotten answer a compile error. */
type Answered = true;

/** A JSON body field as text ('' when absent or not text). */
function field(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
