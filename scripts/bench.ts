// `npm run bench`: builds synthetic repositories of N incidents and reports time, memory, output
// size and where the time goes. Usage:
//   npm run bench -- [--sizes 100,1000,10000] [--runs 3] [--out bench-results/bench.json] [--update-docs]
// Each size: one priming build that draws every social image (what a CI cache would then keep),
// `runs` builds with the image cache kept and fresh output, an incremental build after adding one
// incident, and `statusmark validate` alone.
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_NOW, generateRepository } from './bench/generate.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench-results/bench.json' },
    'update-docs': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Math.max(1, Number(values.runs));
const work = path.join(os.tmpdir(), 'statusmark-bench');

interface StepResult {
  readonly ms: number;
  readonly maxRssKb: number;
  readonly log: string;
}

function runStep(
  step: 'build' | 'validate',
  env: NodeJS.ProcessEnv,
  root = '',
  outDir = '',
): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'scripts/bench/child.ts'), step, root, outDir],
      {
        cwd: ROOT,
        env: { ...process.env, ...env, STATUSMARK_NOW: BENCH_NOW, ASTRO_TELEMETRY_DISABLED: '1' },
      },
    );
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = /STATUSMARK_BENCH (\{.*\})/.exec(log);
      if (code !== 0 || !line?.[1]) {
        reject(new Error(`${step} failed (exit ${code}):\n${log.slice(-3000)}`));
        return;
      }
      const result = JSON.parse(line[1]) as { maxRssKb: number };
      resolve({ ms: performance.now() - started, maxRssKb: result.maxRssKb, log });
    });
  });
}

/**
 * Where the time went, from Astro's own per-route timings (`├─ /path (+12ms)`) and Statusmark's
 * load line: images (Statusmark's card line), feeds and API (feeds, calendar, badges, JSON), and
 * HTML pages.
 */
function phases(log: string): Record<string, number> {
  const totals = { 'load and validate': 0, pages: 0, 'feeds and API': 0, images: 0 };
  const route = /[├└]─ (\/[^\s]*?)(?=Statusmark:|\s)[\s\S]*?\(\+(\d+(?:\.\d+)?)(ms|s)\)/g;
  let first: keyof typeof totals | null = null;
  for (const match of log.matchAll(route)) {
    const [, url = '', amount = '0', unit] = match;
    const phase: keyof typeof totals = url.startsWith('/og/')
      ? 'images'
      : url.endsWith('.html') || url.endsWith('/')
        ? 'pages'
        : 'feeds and API';
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

async function folderSize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { bytes, files };
}

function median(list: readonly number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (kb: number) => `${Math.round(kb / 1024)} MB`;

interface SizeResult {
  size: number;
  primingMs: number;
  primingRssKb: number;
  buildMs: number[];
  buildRssKb: number;
  phases: Record<string, number>;
  incrementalMs: number;
  validateMs: number;
  validateRssKb: number;
  output: { bytes: number; files: number };
  pages: Record<string, number>;
}

const results: SizeResult[] = [];
for (const size of sizes) {
  const repo = path.join(work, `repo-${size}`);
  const images = path.join(work, `images-${size}`);
  const dist = path.join(work, `dist-${size}`);
  process.stderr.write(`bench: ${size} incidents: generating…\n`);
  await generateRepository(repo, size);
  await rm(images, { recursive: true, force: true });
  const env = { STATUSMARK_ROOT: repo, STATUSMARK_CACHE_DIR: images };
  process.stderr.write(`bench: ${size}: priming build (draws every image)…\n`);
  const priming = await runStep('build', env, '', dist);
  const builds: StepResult[] = [];
  for (let run = 0; run < runs; run++) {
    process.stderr.write(`bench: ${size}: build ${run + 1} of ${runs}…\n`);
    await rm(dist, { recursive: true, force: true });
    builds.push(await runStep('build', env, '', dist));
  }
  const output = await folderSize(dist);
  const page = async (file: string) => (await stat(path.join(dist, file))).size;
  const pages = {
    '/': await page('index.html'),
    '/feed.xml': await page('feed.xml'),
    '/api/v2/summary.json': await page('api/v2/summary.json'),
  };
  process.stderr.write(`bench: ${size}: incremental build (one incident added)…\n`);
  const added = path.join(repo, 'incidents/2026-11-23-bench-added.md');
  await writeFile(
    added,
    `---\ntitle: One more incident\nimpact: minor\ncomponents:\n  service-01: degraded_performance\nupdates:\n  - at: 2026-11-23T11:00:00Z\n    status: investigating\n    message: Added by the bench.\n---\n`,
  );
  // As a deploy runs it: a fresh checkout, so no output folder, and the image cache restored.
  await rm(dist, { recursive: true, force: true });
  const incremental = await runStep('build', env, '', dist);
  await rm(added);
  process.stderr.write(`bench: ${size}: validate…\n`);
  const validate = await runStep('validate', {}, repo);
  const fastest = builds.reduce((best, run) => (run.ms < best.ms ? run : best));
  results.push({
    size,
    primingMs: priming.ms,
    primingRssKb: priming.maxRssKb,
    buildMs: builds.map((run) => run.ms),
    buildRssKb: Math.max(...builds.map((run) => run.maxRssKb)),
    phases: phases(fastest.log),
    incrementalMs: incremental.ms,
    validateMs: validate.ms,
    validateRssKb: validate.maxRssKb,
    output,
    pages,
  });
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${os.platform()}`;
const header =
  '| incidents | build min | build median | peak RSS | load & validate | pages | feeds & API | images | Astro and other | first build (draws images) | incremental (+1) | validate | output | files | `/` | `/feed.xml` | `summary.json` |';
const rows = results.map((r) =>
  [
    r.size.toLocaleString('en'),
    seconds(Math.min(...r.buildMs)),
    seconds(median(r.buildMs)),
    megabytes(r.buildRssKb),
    seconds(r.phases['load and validate'] ?? 0),
    seconds(r.phases.pages ?? 0),
    seconds(r.phases['feeds and API'] ?? 0),
    seconds(r.phases.images ?? 0),
    seconds(
      Math.max(
        0,
        Math.min(...r.buildMs) - Object.values(r.phases).reduce((sum, ms) => sum + ms, 0),
      ),
    ),
    `${seconds(r.primingMs)}, ${megabytes(r.primingRssKb)}`,
    seconds(r.incrementalMs),
    `${seconds(r.validateMs)}, ${megabytes(r.validateRssKb)}`,
    `${(r.output.bytes / 2 ** 20).toFixed(1)} MB`,
    r.output.files.toLocaleString('en'),
    `${(r.pages['/'] ?? 0).toLocaleString('en')} B`,
    `${(r.pages['/feed.xml'] ?? 0).toLocaleString('en')} B`,
    `${(r.pages['/api/v2/summary.json'] ?? 0).toLocaleString('en')} B`,
  ].join(' | '),
);
const table = [header, `|${' --- |'.repeat(17)}`, ...rows.map((row) => `| ${row} |`)].join('\n');
process.stdout.write(
  `\n${table}\n\nMachine: ${machine}. Builds: ${runs} per size, image cache kept (a CI cache), fresh output.\n`,
);

const out = path.resolve(ROOT, values.out);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(
  out,
  `${JSON.stringify({ machine, runs, date: new Date().toISOString(), results }, null, 2)}\n`,
);
process.stderr.write(`bench: results written to ${path.relative(ROOT, out)}\n`);

if (values['update-docs']) {
  const docs = path.join(ROOT, 'docs/performance.md');
  const text = await readFile(docs, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const block = `${start}\n\n${table}\n\nMachine: ${machine}. ${runs} builds per size.\n\n${end}`;
  await writeFile(docs, text.replace(new RegExp(`${start}[\\s\\S]*${end}`), block));
  process.stderr.write('bench: docs/performance.md updated\n');
}
