import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A deterministic synthetic content repository for the bench: `size` incidents over 20
 * components in 4 groups, each affecting 1–3 components with 3 updates, spread over the 5 years
 * before `now`, plus one maintenance window per 20 incidents. The same size always gives the
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
    files.push([
      `incidents/${id}.md`,
      `---\ntitle: Synthetic incident ${n + 1}\nimpact: ${IMPACTS[n % 4]}\ncomponents:\n${[
        ...affected,
      ]
        .map((component) => `  ${component}: ${STATUSES[Math.floor(next() * 3)]}`)
        .join(
          '\n',
        )}\nupdates:\n  - at: ${iso(start)}\n    status: investigating\n    message: We are investigating reports of errors on **${[...affected].join(', ')}**.\n  - at: ${iso(identified)}\n    status: identified\n    message: The cause is identified; a fix is being deployed.\n  - at: ${iso(last)}\n    status: ${open ? 'monitoring' : 'resolved'}\n    message: ${open ? 'A fix is deployed; we are monitoring.' : 'The incident is resolved.'}\n---\n`,
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
