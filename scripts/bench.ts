// `npm run bench`: builds synthetic repositories of N incidents and reports, round by round,
// Statusmark against a bare Astro site over the same files (the floor of this stack), and the
// deploys a team's Deploy workflow runs. Usage:
//   npm run bench -- [--sizes 100,1000,10000] [--runs 3] [--out bench-results/bench.json] [--update-docs]
// docs/performance.md says what each case is. Each step's log is kept in
// $TMPDIR/statusmark-bench/logs-<N>/.
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, stripVTControlCharacters } from 'node:util';
import { BENCH_NOW, generateRepository, shapeAsTeamRepository } from './bench/generate.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FLOOR = path.join(ROOT, 'scripts/bench/floor');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench-results/bench.json' },
    'update-docs': { type: 'boolean', default: false },
    // Prints (and with --update-docs writes) the report of a results file, measuring nothing.
    from: { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const rounds = Math.max(1, Number(values.runs));
const work = path.join(os.tmpdir(), 'statusmark-bench');
/** A deploy runs a little later than the build before it, as the Deploy workflow's schedule does. */
const DEPLOY_NOW = new Date(Date.parse(BENCH_NOW) + 15 * 60_000).toISOString();

interface StepResult {
  readonly ms: number;
  /** The process's peak memory; 0 when the step ran in a process of its own child. */
  readonly maxRssKb: number;
  readonly log: string;
}

/** Runs `args` with this Node and times it; a `STATUSMARK_BENCH` line (bench/child.ts) adds memory. */
function timed(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, STATUSMARK_NOW: BENCH_NOW, ASTRO_TELEMETRY_DISABLED: '1', ...env },
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`${args.join(' ')} failed (exit ${code}):\n${log.slice(-3000)}`));
        return;
      }
      const line = /STATUSMARK_BENCH (\{.*\})/.exec(log);
      const maxRssKb = line?.[1] ? (JSON.parse(line[1]) as { maxRssKb: number }).maxRssKb : 0;
      // Astro colours its log where it thinks colours show (CI=true, for one).
      resolve({ ms, maxRssKb, log: stripVTControlCharacters(log) });
    });
  });
}

const CHILD = path.join(ROOT, 'scripts/bench/child.ts');
/** Astro's build of the project at `root`, in its own process, with `root` as the working folder. */
const astroBuild = (root: string, outDir: string, env: NodeJS.ProcessEnv = {}, force = false) =>
  timed([CHILD, 'build', root, outDir, force ? 'force' : ''], root, env);

/**
 * Where the time went in a build that rendered every page, from Astro's own per-route timings
 * (`├─ /path (+12ms)`) and Statusmark's lines: images (Statusmark's card line), feeds and API
 * (feeds, calendar, badges, JSON), and HTML pages.
 */
function phases(log: string): Record<string, number> {
  const totals = { 'load and validate': 0, pages: 0, 'feeds and API': 0, images: 0 };
  const route = /[├└]─ (\/[^\s]*?)(?=Statusmark:|\s)[\s\S]*?\(\+(\d+(?:\.\d+)?)(ms|s)\)/g;
  let first: keyof typeof totals | null = null;
  for (const match of log.matchAll(route)) {
    const [, url = '', amount = '0', unit] = match;
    const phase: keyof typeof totals =
      url.endsWith('.html') || url.endsWith('/') ? 'pages' : 'feeds and API';
    totals[phase] += Number(amount) * (unit === 's' ? 1000 : 1);
    first ??= phase;
  }
  // Cards are written after the pages by Statusmark itself, which logs the time they took.
  const cards = /Statusmark: \d+ social images \(\d+ drawn\) in (\d+) ms/.exec(log);
  totals.images += Number(cards?.[1] ?? 0);
  const checked = /Statusmark: content checked in (\d+) ms/.exec(log);
  const loaded = /Statusmark: status computed and indexed in (\d+) ms/.exec(log);
  totals['load and validate'] = Number(checked?.[1] ?? 0) + Number(loaded?.[1] ?? 0);
  // The first route rendered waits for the status to be computed: that time is counted once, above.
  if (first) totals[first] = Math.max(0, totals[first] - Number(loaded?.[1] ?? 0));
  return totals;
}

/** Every file's size, by its path in the folder. */
async function fileSizes(dir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    sizes.set(path.relative(dir, file).split(path.sep).join('/'), (await stat(file)).size);
  }
  return sizes;
}

function median(list: readonly number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (kb: number) => `${Math.round(kb / 1024)} MiB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const kilobytes = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;

interface Round {
  floorMs: number;
  fullMs: number;
  unchangedMs: number;
  deployMs: number;
  addedMs: number;
}

interface SizeResult {
  size: number;
  firstMs: number;
  firstRssKb: number;
  rounds: Round[];
  fullRssKb: number;
  floorRssKb: number;
  phases: Record<string, number>;
  validateMs: number;
  validateRssKb: number;
  output: { bytes: number; files: number; pngBytes: number };
  largest: { file: string; bytes: number };
  /** Sizes of the files whose names do not depend on N (not one incident's), to compare sizes. */
  shared: Record<string, number>;
}

/**
 * A fresh checkout of `repo` (none of what git ignores) into `into`, with `.cache/` restored
 * from `cache` when given, as the Deploy workflow starts.
 */
async function checkout(repo: string, into: string, cache?: string): Promise<void> {
  await rm(into, { recursive: true, force: true });
  await cp(repo, into, {
    recursive: true,
    verbatimSymlinks: true,
    // What git does not hold: the output, the caches, Astro's generated types.
    filter: (source) => !['dist', '.cache', '.astro'].includes(path.relative(repo, source)),
  });
  if (cache !== undefined) await cp(cache, path.join(into, '.cache'), { recursive: true });
}

/** The most common push: one more update to the open incident. */
async function addUpdate(root: string): Promise<void> {
  const folder = path.join(root, 'incidents');
  const open = (await readdir(folder)).filter((name) => name.includes('-bench-incident-')).sort();
  // The newest incident is the open one; names start with its date.
  const newest = path.join(folder, open.at(-1) ?? '');
  const text = await readFile(newest, 'utf8');
  await writeFile(
    newest,
    text.replace(
      /\n---\n?$/,
      `\n  - at: ${DEPLOY_NOW.replace(/\.\d+Z$/, 'Z')}\n    status: monitoring\n    message: "A fix is deployed and we are watching error rates, which are back to normal in every region. We will resolve this incident after an hour without errors."\n---\n`,
    ),
  );
}

/** A new incident, opened by this push. */
async function addIncident(root: string): Promise<void> {
  await writeFile(
    path.join(root, 'incidents/2026-11-23-bench-added.md'),
    `---\ntitle: One more incident\nimpact: minor\ncomponents:\n  service-01: degraded_performance\nupdates:\n  - at: 2026-11-23T12:05:00Z\n    status: investigating\n    message: We are investigating slow responses from **service-01** in eu-west. Other regions look normal. We will post another update within 30 minutes.\n---\n`,
  );
}

const previous = values.from
  ? (JSON.parse(await readFile(path.resolve(ROOT, values.from), 'utf8')) as {
      machine: string;
      rounds: number;
      load?: string;
      results: SizeResult[];
    })
  : undefined;
if (previous === undefined) {
  process.stderr.write('bench: compiling lib/ (what npm pack ships)…\n');
  await timed(
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.lib.json'],
    ROOT,
    {},
  );
}
const results: SizeResult[] = previous?.results ?? [];
for (const size of previous === undefined ? sizes : []) {
  const repo = path.join(work, `repo-${size}`);
  const dist = path.join(repo, 'dist');
  const floorDist = path.join(work, `floor-${size}`);
  const floorCache = path.join(work, `floor-cache-${size}`);
  const deployRoot = path.join(work, `deploy-${size}`);
  const logs = path.join(work, `logs-${size}`);
  const log = (line: string) =>
    process.stderr.write(`bench: ${size.toLocaleString('en')}: ${line}\n`);
  log('generating…');
  await generateRepository(repo, size);
  await shapeAsTeamRepository(repo, ROOT);
  log('first build (no cache: draws every card)…');
  const first = await astroBuild(repo, dist);
  await mkdir(logs, { recursive: true });
  await writeFile(path.join(logs, 'first.log'), first.log);
  const floorEnv = {
    BENCH_FLOOR_CONTENT: path.join(repo, 'incidents'),
    BENCH_FLOOR_CACHE: floorCache,
  };
  // The Deploy workflow restores what its previous run saved, built in the same workspace
  // (GitHub's runners check out to the same path every run): one deploy before the rounds
  // leaves that cache, and each measured deploy starts from it.
  const statusmark = [path.join(ROOT, 'scripts/statusmark.js'), 'build'];
  const deployCache = path.join(work, `deploy-cache-${size}`);
  log('the deploy before the measured ones, whose cache they restore…');
  await checkout(repo, deployRoot, path.join(repo, '.cache'));
  await timed(statusmark, deployRoot, {});
  await rm(deployCache, { recursive: true, force: true });
  await cp(path.join(deployRoot, '.cache'), deployCache, { recursive: true });
  const done: Round[] = [];
  let fullLog = '';
  let fullRssKb = 0;
  let floorRssKb = 0;
  for (let round = 1; round <= rounds; round++) {
    log(`round ${round} of ${rounds}: floor…`);
    await rm(floorCache, { recursive: true, force: true });
    await rm(floorDist, { recursive: true, force: true });
    const floor = await astroBuild(FLOOR, floorDist, floorEnv);
    log(`round ${round}: full build (every page rendered; cards and Markdown cached)…`);
    await rm(dist, { recursive: true, force: true });
    const full = await astroBuild(repo, dist, {}, true);
    log(`round ${round}: unchanged (every cache kept)…`);
    await rm(dist, { recursive: true, force: true });
    const unchanged = await astroBuild(repo, dist);
    log(`round ${round}: deploy of one update, as the Deploy workflow runs it…`);
    await checkout(repo, deployRoot, deployCache);
    await addUpdate(deployRoot);
    const deploy = await timed(statusmark, deployRoot, { STATUSMARK_NOW: DEPLOY_NOW });
    log(`round ${round}: deploy of one added incident…`);
    await checkout(repo, deployRoot, deployCache);
    await addIncident(deployRoot);
    const added = await timed(statusmark, deployRoot, { STATUSMARK_NOW: DEPLOY_NOW });
    // Each step's log, to see where its time went.
    await mkdir(logs, { recursive: true });
    for (const [name, step] of Object.entries({ floor, full, unchanged, deploy, added })) {
      await writeFile(path.join(logs, `${name}-${round}.log`), step.log);
    }
    done.push({
      floorMs: floor.ms,
      fullMs: full.ms,
      unchangedMs: unchanged.ms,
      deployMs: deploy.ms,
      addedMs: added.ms,
    });
    if (full.ms <= Math.min(...done.map((r) => r.fullMs))) fullLog = full.log;
    fullRssKb = Math.max(fullRssKb, full.maxRssKb);
    floorRssKb = Math.max(floorRssKb, floor.maxRssKb);
  }
  await rm(deployRoot, { recursive: true, force: true });
  await rm(deployCache, { recursive: true, force: true });
  log('validate…');
  const validate = await timed([CHILD, 'validate', repo], ROOT, {});
  const files = await fileSizes(dist);
  let bytes = 0;
  let pngBytes = 0;
  let largest = { file: '', bytes: 0 };
  const shared: Record<string, number> = {};
  for (const [file, fileBytes] of files) {
    bytes += fileBytes;
    if (file.endsWith('.png')) pngBytes += fileBytes;
    if (fileBytes > largest.bytes && !file.endsWith('.png')) largest = { file, bytes: fileBytes };
    if (!/bench-(incident|maintenance)-\d+/.test(file)) shared[file] = fileBytes;
  }
  results.push({
    size,
    firstMs: first.ms,
    firstRssKb: first.maxRssKb,
    rounds: done,
    fullRssKb,
    floorRssKb,
    phases: phases(fullLog),
    validateMs: validate.ms,
    validateRssKb: validate.maxRssKb,
    output: { bytes, files: files.size, pngBytes },
    largest,
    shared,
  });
}

const machine =
  previous?.machine ??
  `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${os.platform()}`;
const load = previous?.load ?? os.loadavg()[0]?.toFixed(2) ?? '?';
const roundCount = previous?.rounds ?? rounds;
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${' --- |'.repeat(header.length)}`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
const med = (r: SizeResult, key: keyof Round) => median(r.rounds.map((round) => round[key]));

const summary = table(
  [
    'incidents',
    'floor',
    'full build',
    'full ÷ floor',
    'unchanged',
    'deploy (one update)',
    'deploy ÷ floor',
    '+1 incident',
    '+1 ÷ full',
    'first build',
    'peak RSS (full, floor)',
    'output (PNG)',
    'files',
    'largest page',
  ],
  results.map((r) => [
    r.size.toLocaleString('en'),
    seconds(med(r, 'floorMs')),
    seconds(med(r, 'fullMs')),
    ratio(med(r, 'fullMs'), med(r, 'floorMs')),
    seconds(med(r, 'unchangedMs')),
    seconds(med(r, 'deployMs')),
    ratio(med(r, 'deployMs'), med(r, 'floorMs')),
    seconds(med(r, 'addedMs')),
    ratio(med(r, 'addedMs'), med(r, 'fullMs')),
    `${seconds(r.firstMs)}, ${megabytes(r.firstRssKb)}`,
    `${megabytes(r.fullRssKb)}, ${megabytes(r.floorRssKb)}`,
    `${(r.output.bytes / 2 ** 20).toFixed(1)} MiB (${Math.round((100 * r.output.pngBytes) / Math.max(1, r.output.bytes))} %)`,
    r.output.files.toLocaleString('en'),
    `\`${r.largest.file}\` ${kilobytes(r.largest.bytes)}`,
  ]),
);
const perRound = table(
  [
    'incidents',
    'round',
    'floor',
    'full',
    'full ÷ floor',
    'deploy',
    'deploy ÷ floor',
    '+1',
    '+1 ÷ full',
  ],
  results.flatMap((r) =>
    r.rounds.map((round, index) => [
      r.size.toLocaleString('en'),
      String(index + 1),
      seconds(round.floorMs),
      seconds(round.fullMs),
      ratio(round.fullMs, round.floorMs),
      seconds(round.deployMs),
      ratio(round.deployMs, round.floorMs),
      seconds(round.addedMs),
      ratio(round.addedMs, round.fullMs),
    ]),
  ),
);
const phaseTable = table(
  ['incidents', 'load & validate', 'pages', 'feeds & API', 'images', 'validate alone'],
  results.map((r) => [
    r.size.toLocaleString('en'),
    seconds(r.phases['load and validate'] ?? 0),
    seconds(r.phases.pages ?? 0),
    seconds(r.phases['feeds and API'] ?? 0),
    seconds(r.phases.images ?? 0),
    `${seconds(r.validateMs)}, ${megabytes(r.validateRssKb)}`,
  ]),
);

// Files with the same name at every size (the home page, listings, feeds, the API's lists):
// those larger at the largest size than at the one before it grow with N.
// Files by their name with numbers as N (`components/service-N/N/index.html`): a kind of page
// whose largest file is bigger at the largest size than at the one before it grows with N. (The
// last page of a listing is only partly full at the smaller size; its kind's largest is not.)
const [smaller, largest] = results.slice(-2);
const largestOfKind = (sizes: Readonly<Record<string, number>>) => {
  const kinds = new Map<string, number>();
  for (const [file, bytes] of Object.entries(sizes)) {
    const kind = file.replace(/\d+/g, 'N');
    kinds.set(kind, Math.max(kinds.get(kind) ?? 0, bytes));
  }
  return kinds;
};
const growth =
  smaller && largest
    ? [...largestOfKind(largest.shared)].flatMap(([kind, bytes]) => {
        const before = largestOfKind(smaller.shared).get(kind);
        return before !== undefined && bytes > before * 1.1 && bytes - before > 2048
          ? [
              `- \`${kind}\`: ${kilobytes(before)} at ${smaller.size.toLocaleString('en')}, ${kilobytes(bytes)} at ${largest.size.toLocaleString('en')}`,
            ]
          : [];
      })
    : [];
const growthText =
  smaller && largest
    ? growth.length === 0
      ? `No kind of file is more than 10 % larger at ${largest.size.toLocaleString('en')} incidents than at ${smaller.size.toLocaleString('en')}.`
      : `Kinds of file (numbers in their names as N) whose largest is more than 10 % larger at ${largest.size.toLocaleString('en')} incidents than at ${smaller.size.toLocaleString('en')}:\n\n${growth.join('\n')}`
    : '';

const report = [
  summary,
  `Medians of ${roundCount} round${roundCount === 1 ? '' : 's'}; each round runs the floor, the full build, the unchanged build and both deploys, in that order.`,
  perRound,
  phaseTable,
  growthText,
  `Machine: ${machine}; load average ${load} when the bench ended.`,
]
  .filter((part) => part !== '')
  .join('\n\n');
process.stdout.write(`\n${report}\n`);

if (previous === undefined) {
  const out = path.resolve(ROOT, values.out);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify({ machine, rounds, load, date: new Date().toISOString(), results }, null, 2)}\n`,
  );
  process.stderr.write(`bench: results written to ${path.relative(ROOT, out)}\n`);
}

if (values['update-docs']) {
  const docs = path.join(ROOT, 'docs/performance.md');
  const text = await readFile(docs, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  await writeFile(
    docs,
    text.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n\n${report}\n\n${end}`),
  );
  process.stderr.write('bench: docs/performance.md updated\n');
}
