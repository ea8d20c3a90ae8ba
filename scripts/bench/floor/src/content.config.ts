import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const incidents = defineCollection({
  loader: glob({ pattern: '*.md', base: process.env.BENCH_FLOOR_CONTENT ?? 'incidents' }),
  schema: z.object({
    title: z.string(),
    updates: z.array(z.object({ at: z.coerce.date(), status: z.string(), message: z.string() })),
  }),
});

export const collections = { incidents };
