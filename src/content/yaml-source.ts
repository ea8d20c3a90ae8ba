import matter from 'gray-matter';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Problem } from './problems.ts';

export type Path = readonly PropertyKey[];

/** Parsed YAML that can say where each key stands in the original file. */
export interface YamlSource {
  readonly file: string;
  /** The parsed value (YAML 1.2 core schema: timestamps stay strings). */
  readonly data: unknown;
  /** Problems of the YAML syntax itself; `data` is unusable when there are any. */
  readonly problems: Problem[];
  /** Where the key at `path` is, or the nearest existing parent key when it is missing. */
  locate(path: Path): { line: number; column: number };
}

/**
 * Parses YAML text that starts at `lineOffset` lines into `file` (frontmatter starts on line 2).
 * The `yaml` library keeps node ranges, which is what lets every error point at its key.
 */
export function parseYamlSource(file: string, text: string, lineOffset = 0): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + lineOffset, column: pos.col };
  };
  const problems = doc.errors.map((error) => ({
    file,
    ...at(error.pos[0]),
    message: `The YAML cannot be read: ${firstLine(error.message)}`,
    fix: yamlFix(error.code),
  }));
  return {
    file,
    data: problems.length > 0 ? undefined : doc.toJS(),
    problems,
    locate(path) {
      const offset = keyOffset(doc.contents, path);
      return offset === undefined ? { line: Math.max(1, lineOffset), column: 1 } : at(offset);
    },
  };
}

function keyOffset(root: unknown, path: Path): number | undefined {
  let node: unknown = root;
  let found: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (!pair) return found ?? node.range?.[0];
      found = isPair(pair) && isScalar(pair.key) ? pair.key.range?.[0] : found;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return found ?? node.range?.[0];
      found = item.range?.[0] ?? found;
      node = item;
    } else {
      return found;
    }
  }
  return found;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.endsWith('.') ? line : `${line}.`;
}

function yamlFix(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'Each key may appear once; remove or merge the repeated one.';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'Check the indentation: nested keys and list items line up under their parent, with spaces, not tabs.';
    default:
      return 'Check the quoting and indentation on this line; put text that contains ": " or starts with a special character (such as *, &, @ or `) in quotes.';
  }
}

/** The line that closes frontmatter: `---` alone on its line. */
export const FRONTMATTER_CLOSE = /\r?\n---[ \t]*(\r?\n|$)/;

/** The parts of a Markdown file with frontmatter. */
export interface MarkdownSource {
  readonly yaml: YamlSource;
  /** The Markdown after the closing `---`. */
  readonly body: string;
}

/**
 * Splits a Markdown file into frontmatter and body with gray-matter, parsing the frontmatter with
 * the `yaml` library (gray-matter's default, js-yaml 3, turns timestamps into Dates and loses
 * the zone as written, and keeps no positions).
 */
export function parseMarkdownSource(file: string, text: string): MarkdownSource | Problem {
  if (!/^---[ \t]*\r?\n/.test(text)) {
    return {
      file,
      line: 1,
      column: 1,
      message: 'The file has no frontmatter.',
      fix: 'Start the file with a line "---", then the keys (title, impact, updates, …), then another "---" line.',
    };
  }
  if (!FRONTMATTER_CLOSE.test(text.slice(3))) {
    return {
      file,
      line: 1,
      column: 1,
      message: 'The frontmatter is never closed.',
      fix: 'Add a line "---" after the last key of the frontmatter.',
    };
  }
  let yaml: YamlSource | undefined;
  const parsed = matter(text, {
    engines: {
      yaml: (raw: string) => {
        // gray-matter hands over the text after the opening `---`, starting with its line break.
        yaml = parseYamlSource(file, raw.replace(/^[ \t]*\r?\n/, ''), 1);
        return {};
      },
    },
  });
  return { yaml: yaml ?? parseYamlSource(file, '', 1), body: parsed.content };
}
