#!/usr/bin/env node
// The `statusmark` CLI. Node runs the TypeScript sources directly: type stripping is on by
// default from Node 22.18; on 22.12–22.17 this file starts Node again with the flag.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (!process.features.typescript) {
  const result = spawnSync(
    process.execPath,
    [
      '--experimental-strip-types',
      '--disable-warning=ExperimentalWarning',
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}

const { run } = await import('../src/cli/main.ts');
const { processIo } = await import('../src/cli/io.ts');
process.exitCode = await run(process.argv.slice(2), processIo());
