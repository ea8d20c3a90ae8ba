// Measures notify delivering one update to 100,000 subscribers of the subscription service:
// the real Worker under workerd with a local D1 holding the subscribers, notify reading them
// through the service's list API, mailing through the email API stand-in in batches (with a
// provider-like latency per request), and the ledger on the GitHub stand-in. Prints time,
// peak memory and requests. Usage: node scripts/bench-subscribers.ts [--subscribers N]
// [--latency-ms MS]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeRepo, repoFiles, SITE_CONFIG } from '../test/helpers/content-repo.ts';
import { commit, git } from '../test/helpers/git.ts';
import { startGitHubStandIn } from '../test/helpers/github-stand-in.ts';
import {
  MAIL_API_KEY,
  SERVICE_SECRETS,
  startMailApi,
  startService,
} from '../test/helpers/subscription-service.ts';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '100000' },
    'latency-ms': { type: 'string', default: '100' },
  },
});
const SUBSCRIBERS = Number(values.subscribers);
const LATENCY = Number(values['latency-ms']);
const CHILD = path.resolve(import.meta.dirname, 'bench/child.ts');

const mailApi = await startMailApi({ latencyMs: LATENCY, keep: false });
const service = await startService({
  mailApi,
  port: 0,
  components: [
    { id: 'api', name: 'API' },
    { id: 'dashboard', name: 'Dashboard' },
    { id: 'email', name: 'Email' },
  ],
});
const standIn = await startGitHubStandIn();

// Seeded in the database directly: the bench is about delivery, and the form path is tested.
// Beside the N subscribers mailed, a tenth as many follow only the API and get nothing.
interface LocalD1 {
  exec(sql: string): Promise<unknown>;
}
const db = (await service.mf.getD1Database('DB')) as unknown as LocalD1;
await db.exec(
  `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${String(SUBSCRIBERS + SUBSCRIBERS / 10)}) INSERT INTO subscribers (id, kind, address, address_hash, components, status, created_at, confirmed_at) SELECT printf('sub_%07d', i), 'email', printf('reader%07d@bench.example', i), printf('%064d', i), CASE WHEN i > ${String(SUBSCRIBERS)} THEN '["api"]' ELSE '*' END, 'confirmed', 0, 0 FROM n;`,
);
const expected = SUBSCRIBERS;

const cleanups: (() => Promise<void>)[] = [];
const root = await makeRepo(
  repoFiles({
    'statusmark.yml': `${SITE_CONFIG}subscriptions:\n  url: ${service.url}\nnotifications:\n  targets:\n    - id: subscribers\n      channel: email\n      email_api_env: B_EMAIL_API_KEY\n      email_api_url: ${mailApi.url}\n      from_env: B_FROM\n      service_token_env: B_SERVICE_TOKEN\n`,
  }),
  (remove) => cleanups.push(remove),
);
standIn.addBranch('main', git(root, 'rev-parse', 'HEAD'));
const env = {
  ...process.env,
  B_EMAIL_API_KEY: MAIL_API_KEY,
  B_FROM: 'Bench Status <status@bench.example>',
  B_SERVICE_TOKEN: SERVICE_SECRETS.API_TOKEN,
  STATUSMARK_LEDGER_KEY: 'bench-ledger-key',
  GITHUB_TOKEN: standIn.token,
  GITHUB_REPOSITORY: 'tidewater/status',
  GITHUB_API_URL: standIn.url,
  GITHUB_REF_NAME: 'main',
  STATUSMARK_GITHUB_UNPACED: 'true',
};

function notify(now: string): Promise<{ ms: number; maxRssKb: number; code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, 'notify', root, now], { env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const line = /STATUSMARK_BENCH (.+)/.exec(out)?.[1];
      if (line === undefined) {
        reject(new Error(`notify printed no result:\n${out}`));
        return;
      }
      resolve({ ...(JSON.parse(line) as { ms: number; maxRssKb: number; code: number }), out });
    });
  });
}

await notify('2026-11-23T09:00:00Z');
await commit(root, 'Declare', {
  'incidents/2026-11-23-dashboard-slow.md': `---\ntitle: Dashboard is slow\nimpact: minor\ncomponents:\n  dashboard: degraded_performance\nupdates:\n  - at: 2026-11-23T10:00:00Z\n    status: investigating\n    message: Pages of the dashboard load slowly for some customers. We are looking into it and will post again within 30 minutes.\n---\n`,
});
const githubBefore = standIn.requests.length;
const run = await notify('2026-11-23T10:01:00Z');
const githubRequests = standIn.requests.slice(githubBefore);
const ledgerFile =
  standIn.branches
    .get('statusmark-ledger')
    ?.files.get('ledger/events/2026-11-23-dashboard-slow.md') ??
  [...(standIn.branches.get('statusmark-ledger')?.files.entries() ?? [])].find(([name]) =>
    name.startsWith('ledger/events/'),
  )?.[1] ??
  '';
const apiRequests = [...mailApi.requests.values()].reduce((sum, count) => sum + count, 0);
const servicePages = Math.floor((SUBSCRIBERS + SUBSCRIBERS / 10) / 1000) + 1;
console.log(
  '| mailed | not following | received | time | peak RSS | email API requests | service pages | GitHub requests (writes) | ledger record |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(
  `| ${expected.toLocaleString('en')} | ${(SUBSCRIBERS / 10).toLocaleString('en')} | ${mailApi.received.toLocaleString('en')} | ${(run.ms / 1000).toFixed(1)} s | ${Math.round(run.maxRssKb / 1024)} MB | ${apiRequests} (${LATENCY} ms each) | ${servicePages} | ${githubRequests.length} (${githubRequests.filter((r) => r.startsWith('PUT')).length}) | ${(Buffer.byteLength(ledgerFile) / 1024 / 1024).toFixed(1)} MB |`,
);
if (run.code !== 0 || mailApi.received !== expected) {
  console.error(run.out.slice(-2000));
  process.exitCode = 1;
}
await service.dispose();
await mailApi.stop();
await standIn.close();
for (const remove of cleanups) await remove();
