import { z } from 'zod';

/** The statuses a component can be in, from best to worst (maintenance ranks between). */
export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
export const componentStatusSchema = z.enum(COMPONENT_STATUSES).meta({
  description:
    'How a component is doing: operational, under_maintenance, degraded_performance, partial_outage or major_outage.',
});
export type ComponentStatus = z.infer<typeof componentStatusSchema>;

/**
 * Ids appear in URLs and never change once published, so they are lower-case kebab-case.
 * Components and incidents take their id from their file name.
 */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const idSchema = z
  .string()
  .regex(ID_PATTERN)
  .meta({ description: 'A lower-case id: letters, digits and dashes, e.g. `api`.' });

/**
 * An ISO 8601 date and time with an explicit zone (`Z` or an offset such as `+02:00`).
 * A time without a zone means different instants to different readers, so it is refused.
 */
export const timestampSchema = z.iso.datetime({ offset: true }).meta({
  description:
    'ISO 8601 date and time with a zone, e.g. `2026-02-20T10:02:00Z` or `…T11:02:00+01:00`.',
  examples: ['2026-02-20T10:02:00Z'],
});

/** A calendar date, `YYYY-MM-DD`. */
export const dateSchema = z.iso.date().meta({ description: 'A calendar date, `YYYY-MM-DD`.' });

/** Markdown text shown to readers. Chat channels cap messages at about 4,000 characters. */
export const MESSAGE_MAX = 4096;
export const messageSchema = z
  .string()
  .trim()
  .min(1)
  .max(MESSAGE_MAX)
  .meta({ description: `Markdown shown to readers, at most ${MESSAGE_MAX} characters.` });
