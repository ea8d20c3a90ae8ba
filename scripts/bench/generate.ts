import { copyFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A deterministic synthetic content repository for the bench: `size` incidents over 20
 * components in 4 groups, each affecting 1–3 components with 3 updates of four to six
 * sentences and (once resolved) a three-paragraph body, spread over the 5 years before `now`,
 * plus one maintenance window per 20 incidents. The same size always gives the
 * same files, byte for byte.
 */
export const BENCH_NOW = '2026-11-23T12:00:00Z';

const GROUPS = ['edge', 'core', 'data', 'delivery'] as const;
const STATUSES = ['degraded_performance', 'partial_outage', 'major_outage'] as const;
const IMPACTS = ['minor', 'major', 'critical', 'minor'] as const;
const YEAR = 365 * 24 * 3600_000;

/** mulberry32: a small seeded generator, so runs are reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Sentences in the voice of real updates, filled per incident: each update gets four to six of
 * them, as responders write, so the bench renders and stores as much text as a real history.
 */
const SENTENCES = {
  investigating: [
    'We are investigating reports of elevated error rates on {services}.',
    'Some requests to {services} fail with timeouts, and others are slower than usual.',
    'Customers in {region} are most affected; other regions look normal so far.',
    'Our on-call engineers were paged at {time} and are looking at the dashboards now.',
    'Retrying a failed request usually works, but it may take several attempts.',
    'We will post another update within 30 minutes, or sooner if we learn more.',
    'Data already stored is safe; the problem is with serving new requests.',
  ],
  identified: [
    'We have identified the cause: a configuration change rolled out to {services} at {time}.',
    'The change raised connection counts beyond what the {region} database cluster allows.',
    'We are rolling the change back region by region, starting with {region}.',
    'Error rates have started to fall where the rollback has finished.',
    'Requests that failed earlier can be retried safely; nothing is applied twice.',
    'We expect the rollback to complete within the next hour.',
    'We are also adding capacity so that a change like this cannot exhaust it again.',
  ],
  resolved: [
    'The rollback is complete and error rates on {services} are back to normal.',
    'We have watched the service for an hour after the fix and see no further errors.',
    'Requests queued during the incident have all been processed.',
    'We are sorry for the disruption this caused to your work.',
    'A review of the incident will follow, with the steps we take so that it does not recur.',
    'If you still see errors, please contact support with the time and the request id.',
  ],
} as const;
const REGIONS = ['eu-west', 'us-east', 'ap-south', 'eu-central', 'us-west'] as const;

function sentences(
  pool: readonly string[],
  next: () => number,
  fill: Readonly<Record<string, string>>,
): string {
  const count = 4 + Math.floor(next() * 3);
  const start = Math.floor(next() * pool.length);
  return Array.from({ length: Math.min(count, pool.length) }, (_, index) =>
    (pool[(start + index) % pool.length] ?? '').replace(
      /\{(\w+)\}/g,
      (_m, key: string) => fill[key] ?? '',
    ),
  ).join(' ');
}

/** A postmortem-like body: what happened, the impact, and what follows; three paragraphs. */
function body(n: number, fill: Readonly<Record<string, string>>): string {
  return [
    `## What happened\n\nAt ${fill.time ?? ''}, a configuration change to ${fill.services ?? ''} raised the number of connections each server opens to the ${fill.region ?? ''} database cluster. The cluster reached its connection limit within minutes and began refusing new connections, so requests that needed the database failed or waited until they timed out. This was incident number ${String(n + 1)} in this synthetic history.`,
    `## Impact\n\nFor the duration of the incident, a share of requests to the affected services failed with errors or took far longer than usual. Requests that did not need the database, and every other region, were not affected. No stored data was lost or changed, and every request that failed could be retried once the service recovered.`,
    `## Follow-up\n\nWe are adding a check that stops a rollout when connection counts rise faster than expected, lowering the per-server connection limit, and adding an alert on the cluster's headroom. We will also review why the change passed our staging tests, where the cluster is smaller and the limit was not reached.`,
  ].join('\n\n');
}

const iso = (time: number) =>
  new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export async function generateRepository(dir: string, size: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'components'), { recursive: true });
  await mkdir(path.join(dir, 'incidents'), { recursive: true });
  const next = random(size);
  const now = Date.parse(BENCH_NOW);
  await writeFile(
    path.join(dir, 'statusmark.yml'),
    `name: Bench Status\ndescription: A synthetic status page with ${size} incidents.\nurl: https://status.bench.example\norganization_id: bench\ntime_zone: UTC\n`,
  );
  await writeFile(
    path.join(dir, 'components/_groups.yml'),
    `groups:\n${GROUPS.map((id) => `  - id: ${id}\n    name: ${id[0]?.toUpperCase()}${id.slice(1)}\n`).join('')}`,
  );
  const components = Array.from(
    { length: 20 },
    (_, n) => `service-${String(n + 1).padStart(2, '0')}`,
  );
  await Promise.all(
    components.map((id, n) =>
      writeFile(
        path.join(dir, 'components', `${id}.yml`),
        `name: Service ${n + 1}\ndescription: Synthetic service number ${n + 1}.\ngroup: ${GROUPS[n % 4]}\norder: ${n}\nstart_date: 2021-01-01\n`,
      ),
    ),
  );
  const files: [string, string][] = [];
  for (let n = 0; n < size; n++) {
    // Spread evenly over five years, with jitter, oldest first; the newest stays open.
    const start = now - 5 * YEAR + ((n + next() * 0.8) / size) * (5 * YEAR - 3600_000);
    const count = 1 + Math.floor(next() * 3);
    const affected = new Set<string>();
    while (affected.size < count) affected.add(components[Math.floor(next() * 20)] ?? 'service-01');
    const open = n === size - 1;
    const identified = start + (5 + next() * 55) * 60_000;
    const last = Math.min(now - 60_000, identified + (10 + next() * 240) * 60_000);
    const id = `${iso(start).slice(0, 10)}-bench-incident-${n + 1}`;
    const fill = {
      services: [...affected].map((component) => `**${component}**`).join(', '),
      region: REGIONS[Math.floor(next() * REGIONS.length)] ?? 'eu-west',
      time: `${iso(start).slice(11, 16)} UTC`,
    };
    const update = (at: number, status: string, pool: readonly string[]) =>
      `  - at: ${iso(at)}\n    status: ${status}\n    message: ${JSON.stringify(sentences(pool, next, fill))}\n`;
    files.push([
      `incidents/${id}.md`,
      `---\ntitle: Synthetic incident ${n + 1}\nimpact: ${IMPACTS[n % 4]}\ncomponents:\n${[
        ...affected,
      ]
        .map((component) => `  ${component}: ${STATUSES[Math.floor(next() * 3)]}`)
        .join('\n')}\nupdates:\n${update(start, 'investigating', SENTENCES.investigating)}${update(
        identified,
        'identified',
        SENTENCES.identified,
      )}${update(last, open ? 'monitoring' : 'resolved', SENTENCES.resolved)}---\n${open ? '' : `${body(n, fill)}\n`}`,
    ]);
  }
  for (let n = 0; n < Math.max(1, Math.floor(size / 20)); n++) {
    const start =
      now -
      5 * YEAR +
      ((n + 0.5) / Math.max(1, Math.floor(size / 20))) * 5 * YEAR +
      2 * 24 * 3600_000;
    const component = components[n % 20] ?? 'service-01';
    const announced = start - 7 * 24 * 3600_000;
    files.push([
      `incidents/${iso(start).slice(0, 10)}-bench-maintenance-${n + 1}.md`,
      `---\nkind: maintenance\ntitle: Synthetic maintenance ${n + 1}\ncomponents: [${component}]\nscheduled_for: ${iso(start)}\nscheduled_until: ${iso(start + 2 * 3600_000)}\nupdates:\n  - at: ${iso(announced)}\n    status: scheduled\n    message: We will upgrade ${component}.\n---\n`,
    ]);
  }
  // Written in batches: ten thousand files at once would exhaust file descriptors.
  for (let i = 0; i < files.length; i += 500) {
    await Promise.all(
      files.slice(i, i + 500).map(([file, text]) => writeFile(path.join(dir, file), text)),
    );
  }
}

/**
 * Makes a generated repository shaped like a team's (`statusmark init`): its package.json, the
 * three-line astro.config.mjs and a package-lock.json, with `statusmark` and `astro` linked to
 * this checkout's (the package as `npm pack` ships it: compile lib/ first). `statusmark build`
 * then runs there as the Deploy workflow runs it.
 */
export async function shapeAsTeamRepository(dir: string, generator: string): Promise<void> {
  await writeFile(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'bench-status', private: true, type: 'module', devDependencies: { statusmark: '*', astro: '*' } }, null, 2)}\n`,
  );
  await copyFile(
    path.join(generator, 'templates/starter/astro.config.mjs'),
    path.join(dir, 'astro.config.mjs'),
  );
  await copyFile(path.join(generator, 'package-lock.json'), path.join(dir, 'package-lock.json'));
  await mkdir(path.join(dir, 'node_modules'), { recursive: true });
  await symlink(generator, path.join(dir, 'node_modules/statusmark'), 'dir');
  await symlink(
    path.join(generator, 'node_modules/astro'),
    path.join(dir, 'node_modules/astro'),
    'dir',
  );
}
