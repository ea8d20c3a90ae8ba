/**
 * A problem found in the content: what is wrong, where, and how to fix it. Every check in
 * Statusmark reports through this one shape, so the CLI, the build and GitHub annotations
 * print the same words.
 */
export interface Problem {
  /** Path relative to the content root, with forward slashes, e.g. `incidents/x.md`. */
  readonly file: string;
  /** 1-based line of the offending key (1 when the whole file is at fault). */
  readonly line: number;
  /** 1-based column of the offending key. */
  readonly column: number;
  /** What is wrong, in a full sentence. */
  readonly message: string;
  /** How to fix it, in a full sentence. */
  readonly fix: string;
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}

/** `file:line:column message` then the fix, indented: the form editors and terminals link. */
export function formatProblems(problems: readonly Problem[]): string {
  const sorted = sortProblems(problems);
  const files = new Set(sorted.map((p) => p.file)).size;
  const lines = sorted.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}\n  Fix: ${p.fix}`);
  const count = `${plural(sorted.length, 'problem')} in ${plural(files, 'file')}`;
  return `${lines.join('\n\n')}\n\nStatusmark found ${count}.`;
}

/** GitHub Actions workflow commands: each problem becomes an annotation on its file and line. */
export function formatGithubAnnotations(
  problems: readonly Problem[],
  level: 'error' | 'warning' = 'error',
): string {
  return sortProblems(problems)
    .map((p) => {
      const text = escapeData(`${p.message} Fix: ${p.fix}`);
      return `::${level} file=${escapeProperty(p.file)},line=${p.line},col=${p.column},title=Statusmark::${text}`;
    })
    .join('\n');
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// Workflow command values must escape these characters (actions/toolkit, command.ts).
function escapeData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
