import { z } from 'zod';
import { hasVisibleText, markdownLimitProblem } from '../markdown/limits.ts';

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
 * A pattern's error, in the schema's own words: what the value is not (`is not an id`) and how
 * to write it. zod carries only the message on a pattern issue, so the fix is kept here by
 * message, for `src/content/issue-text.ts` to find.
 */
const PATTERN_FIXES = new Map<string, string>();

export function patternError(message: string, fix: string): { message: string } {
  PATTERN_FIXES.set(message, fix);
  return { message };
}

/** The fix written next to a pattern's message, if the schema gave one. */
export function patternFix(message: string): string | undefined {
  return PATTERN_FIXES.get(message);
}

/**
 * Ids appear in URLs and never change once published, so they are lower-case kebab-case.
 * Components and incidents take their id from their file name.
 */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const idSchema = z
  .string()
  .regex(
    ID_PATTERN,
    patternError(
      'is not an id',
      'Ids are lower-case letters, digits and dashes, e.g. `api` or `eu-database`.',
    ),
  )
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
  .check((context) => {
    const problem = markdownProblem(context.value);
    if (problem) context.issues.push({ code: 'custom', input: context.value, ...problem });
  })
  .meta({ description: `Markdown shown to readers, at most ${MESSAGE_MAX} characters.` });

/**
 * Why Markdown cannot be published as it is: nothing a reader would see (only a comment, an
 * image without text, a rule), or nesting beyond what the renderer can bound.
 */
export function markdownProblem(
  markdown: string,
): { message: string; params: { fix: string } } | null {
  const limit = markdownLimitProblem(markdown);
  if (limit) {
    return {
      message: limit,
      params: {
        fix: 'Write it flatter: a status update reads best as short paragraphs and a plain list.',
      },
    };
  }
  if (!hasVisibleText(markdown)) {
    return {
      message: 'has no text a reader would see (HTML and comments are not published)',
      params: { fix: 'Write what readers should know in words, e.g. "We are investigating."' },
    };
  }
  return null;
}

/**
 * A name or headline: one line. A line break in a title would split an email's Subject header
 * or a chat preview, and reads as a mistake everywhere else.
 */
export function singleLine(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(
      /^[^\n\r\u2028\u2029]*$/,
      patternError('has a line break', 'Write it on one line; longer text belongs in a message.'),
    );
}
