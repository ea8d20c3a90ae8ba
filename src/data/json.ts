import type { ZodType } from 'zod';
import { jsonText } from '../render/json-text.ts';

/**
 * A JSON file of the API, checked against its schema (the one /v1/openapi.json publishes)
 * before it is written: a mismatch fails the build rather than publishing a broken contract.
 */
export function jsonResponse(name: string, body: unknown, schema: ZodType): Response {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`${name} does not match its published schema:\n${issues.join('\n')}`);
  }
  // Compact, as API answers are: indentation was a fifth of a long history's API files.
  return new Response(jsonText(body, 0), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}
