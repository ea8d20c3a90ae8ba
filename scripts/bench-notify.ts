// Measures notification delivery on loopback: 10,000 emails to a local SMTP server and 1,000
// signed webhooks to a local receiver, through the real planner, channels and delivery engine,
// with an in-memory ledger. Prints time and peak memory. Usage: node scripts/bench-notify.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseContent } from '../src/content/parse-content.ts';
import type { EventRecord, Ledger } from '../src/notify/ledger.ts';
import { DEFAULT_POLICY } from '../src/notify/deliver.ts';
import { runNotify } from '../src/notify/run.ts';
import { channelSenders } from '../src/notify/senders.ts';
import { resolveTargets } from '../src/notify/targets.ts';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 10_000);
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 1_000);

let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
let hooks = 0;
const http = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    hooks++;
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

const encode = (text: string) => new TextEncoder().encode(text);
const file = (path: string, text: string) => ({ path, bytes: encode(text) });
const incident = (n: number, components: string) =>
  file(
    `incidents/2026-11-23-bench-${n}.md`,
    `---\ntitle: Bench incident ${n}\nimpact: minor\ncomponents:\n  ${components}: degraded_performance\nupdates:\n  - at: ${new Date(Date.UTC(2026, 10, 23, 10, 0, n)).toISOString().replace('.000Z', 'Z')}\n    status: investigating\n    message: Incident number ${n} for the bench.\n---\n`,
  );
const { content, problems } = parseContent({
  config: file(
    'statusmark.yml',
    `name: Bench\nurl: https://status.bench.example\norganization_id: bench\nnotifications:\n  targets:\n    - id: hooks\n      channel: webhook\n      url_env: B_HOOK\n      secret_env: B_SECRET\n      components: [api]\n    - id: mail\n      channel: email\n      smtp_env: B_SMTP\n      from_env: B_FROM\n      subscribers_env: B_LIST\n      components: [email]\n`,
  ),
  groups: null,
  components: [
    file('components/api.yml', 'name: API\n'),
    file('components/email.yml', 'name: Email\n'),
  ],
  incidents: [
    ...Array.from({ length: WEBHOOKS }, (_, n) => incident(n, 'api')),
    incident(WEBHOOKS, 'email'),
  ],
});
if (!content) throw new Error(JSON.stringify(problems));

const targets = await resolveTargets(content.config.notifications, {
  B_HOOK: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`,
  B_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  B_SMTP: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
  B_FROM: 'Bench <status@bench.example>',
  B_LIST: Array.from({ length: EMAILS }, (_, n) => `subscriber${n}@bench.example`).join('\n'),
  STATUSMARK_LEDGER_KEY: 'bench',
});

const records = new Map<string, EventRecord>();
const ledger: Ledger = {
  watermark: () => Promise.resolve(Date.UTC(2026, 10, 23)),
  setWatermark: (time) => Promise.resolve(time),
  settled: () => Promise.resolve(new Set()),
  addSettled: () => Promise.resolve(),
  read: (event) => Promise.resolve(records.get(event) ?? null),
  update: (event, change) => {
    const next = change(records.get(event) ?? null);
    if (next !== null) records.set(event, next);
    return Promise.resolve(next);
  },
};

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const senders = channelSenders(content, null, DEFAULT_POLICY.timeoutMs);
const started = performance.now();
const summary = await runNotify({
  content,
  targets,
  ledger,
  senders,
  now: Date.UTC(2026, 10, 24),
  runId: 'bench',
  leaseMs: 60_000,
  policy: DEFAULT_POLICY,
  dryRun: false,
  log: () => undefined,
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
senders.close();
const failed = summary.failed.length;
console.log(
  `| deliveries | emails received | webhooks received | failed | time | rate | peak RSS |`,
);
console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
console.log(
  `| ${summary.sent.length} | ${received} | ${hooks} | ${failed} | ${seconds.toFixed(1)} s | ${Math.round(summary.sent.length / seconds)}/s | ${Math.round(peak / 1024 / 1024)} MB |`,
);
http.close();
smtp.close();
process.exitCode = failed === 0 && received === EMAILS && hooks === WEBHOOKS ? 0 : 1;
