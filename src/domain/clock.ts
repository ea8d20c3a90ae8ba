/**
 * "Now" for a build or a command: `--now` or `STATUSMARK_NOW` when given (reproducible builds
 * and tests), else the real time. Returns an error message for a value that is not a time.
 */
export function resolveNow(
  value: string | undefined,
  realNow: () => number = Date.now,
): number | { error: string } {
  if (value === undefined || value === '') return realNow();
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(value);
  const time = Date.parse(value);
  if (!hasZone || Number.isNaN(time)) {
    return {
      error: `"${value}" is not an ISO 8601 time with a zone; write it like 2026-02-20T10:00:00Z.`,
    };
  }
  return time;
}
