import type { ZodType, z } from 'zod';
import { describeIssues } from './issue-text.ts';
import type { Problem } from './problems.ts';
import type { YamlSource } from './yaml-source.ts';

/**
 * The one place parsed YAML meets a zod schema: returns the typed value, or one problem per
 * issue, each at the line and column of its key.
 */
export function validateYaml<S extends ZodType>(
  schema: S,
  source: YamlSource,
): { value: z.output<S> } | { problems: Problem[] } {
  if (source.problems.length > 0) return { problems: source.problems };
  const data: unknown = source.data ?? {};
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return { value: result.data };
  return {
    problems: describeIssues(schema, result.error.issues).map(({ path, message, fix }) => ({
      file: source.file,
      ...source.locate(path),
      message,
      fix,
    })),
  };
}
