import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, PROJECT } from './helpers/build-site.ts';

/**
 * `astro dev` of a content repository, as a team previews its page: an edit to a content file
 * shows on the very next request, with no restart and no waiting for a file watcher.
 */

const ASTRO = path.join(PROJECT, 'node_modules', 'astro', 'bin', 'astro.mjs');
const INCIDENT = '2026-07-28-api-latency';

let server: ChildProcess;
let base: string;
let example: Awaited<ReturnType<typeof copyExample>>;
let log = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

async function page(pathname: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${base}${pathname}`);
  return { status: response.status, text: await response.text() };
}

function heading(html: string): string | undefined {
  return /<h1[^>]*>([^<]*)</.exec(html)?.[1];
}

beforeAll(async () => {
  example = await copyExample();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_ENV'),
  );
  server = spawn(process.execPath, [ASTRO, 'dev', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: PROJECT,
    env: { ...env, STATUSMARK_ROOT: example.root },
    stdio: 'pipe',
  });
  server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  // The server is ready when it answers; a busy machine may take a while to start Vite.
  for (let attempt = 0; attempt < 240; attempt += 1) {
    const answered = await fetch(`${base}/`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`astro dev did not answer:\n${log}`);
}, 90_000);

afterAll(async () => {
  server.kill();
  await example.cleanup();
});

describe('astro dev of a content repository', () => {
  it('shows an edited incident title on the next request', async () => {
    const file = path.join(example.root, 'incidents', `${INCIDENT}.md`);
    const before = await page(`/incidents/${INCIDENT}/`);
    expect(before.status).toBe(200);
    expect(heading(before.text)).toBe('Elevated API latency in eu-west');

    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/^title: .*$/m, 'title: Latency fixed in the editor'));
    const after = await page(`/incidents/${INCIDENT}/`);
    expect(heading(after.text)).toBe('Latency fixed in the editor');
    expect((await page(`/v1/organizations/tidewater/incidents/${INCIDENT}`)).text).toContain(
      'Latency fixed in the editor',
    );
  });

  it('routes a new incident file, and stops routing a removed one, on the next request', async () => {
    const file = path.join(example.root, 'incidents', `${INCIDENT}.md`);
    const moved = path.join(example.root, 'incidents', '2026-07-28-renamed.md');
    await rename(file, moved);
    expect((await page('/incidents/2026-07-28-renamed/')).status).toBe(200);
    expect((await page(`/incidents/${INCIDENT}/`)).status).toBe(404);
    await rename(moved, file);
  });

  it('shows what is wrong with invalid content, and the page again once it is fixed', async () => {
    const file = path.join(example.root, 'incidents', `${INCIDENT}.md`);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/^impact: .*$/m, 'impact: enormous'));
    const broken = await page('/');
    // The page is Astro's error overlay; the problem is also printed where `astro dev` runs.
    expect(broken.status).toBe(500);
    expect(broken.text).toContain('ContentError');
    expect(log).toContain(`incidents/${INCIDENT}.md`);
    expect(log).toContain('"enormous"');
    await writeFile(file, text);
    expect((await page('/')).status).toBe(200);
  });
});
