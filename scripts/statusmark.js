#!/usr/bin/env node
// The `statusmark` CLI. Installed from the package (under node_modules), it runs the compiled
// files in lib/: Node refuses to strip types from files under node_modules. In this repository
// it runs the TypeScript sources, so a change is live without a compile step.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `Statusmark needs Node 22.12 or newer, and this is Node ${process.versions.node}: run it as "npx statusmark" or through "npm run", which use the Node 24 of the "node" dev dependency, or install Node 24.\n`,
  );
  process.exit(2);
}

const here = fileURLToPath(import.meta.url);
const sources = path.join(path.dirname(here), '..', 'src', 'cli');
const fromSources =
  !here.split(path.sep).includes('node_modules') &&
  process.features.typescript !== false &&
  process.features.typescript !== undefined &&
  existsSync(path.join(sources, 'main.ts'));
const folder = fromSources ? '../src/cli/' : '../lib/cli/';
const extension = fromSources ? '.ts' : '.js';
if (!fromSources && !existsSync(path.join(path.dirname(here), '..', 'lib', 'cli', 'main.js'))) {
  // A checkout of the generator on a Node that cannot strip types, before `npm pack` compiled it.
  process.stderr.write(
    `This Node (${process.versions.node}) cannot run Statusmark's TypeScript sources, and lib/ is not compiled: run it through npm (npx statusmark), which uses Node 24, or run "npx tsc -p tsconfig.lib.json" first.\n`,
  );
  process.exit(2);
}

const { run } = await import(`${folder}main${extension}`);
const { processIo } = await import(`${folder}io${extension}`);
process.exitCode = await run(process.argv.slice(2), processIo());
