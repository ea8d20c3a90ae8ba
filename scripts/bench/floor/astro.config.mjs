// The bench's floor: a bare Astro 7 site over the same incident files, with one page per
// incident and a history paged by count, in Astro's defaults. What Statusmark costs above it is
// what the bench reports as "× floor". BENCH_FLOOR_CONTENT is the incidents folder it reads,
// BENCH_FLOOR_CACHE Astro's cache folder (empty each run, as in a fresh CI checkout).
import { defineConfig } from 'astro/config';

export default defineConfig({
  site: 'https://status.bench.example',
  cacheDir: process.env.BENCH_FLOOR_CACHE,
});
