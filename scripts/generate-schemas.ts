// Writes schemas/*.schema.json from the zod schemas: `npm run schemas`.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jsonSchemaFiles } from '../src/schema/json-schema.ts';

const folder = path.join(import.meta.dirname, '..', 'schemas');
await mkdir(folder, { recursive: true });
for (const [name, text] of jsonSchemaFiles()) {
  await writeFile(path.join(folder, name), text, 'utf8');
  process.stdout.write(`Wrote schemas/${name}\n`);
}
