import matter from 'gray-matter';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Parser,
  type Node,
  type YAMLError,
} from 'yaml';
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
  // The last line that has text: an error the parser finds at the very end (a quote never
  // closed, a bracket never matched) is still shown on a line the reader can see.
  const lastLine = Math.max(1, text.replace(/\n+$/, '').split('\n').length);
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    const line = Math.min(pos.line, lastLine);
    return { line: line + lineOffset, column: line === pos.line ? pos.col : 1 };
  };
  // After the first error a YAML parser is guessing, and a nesting bomb yields thousands of
  // errors: each line is reported once, and only the first few.
  const seenLines = new Set<number>();
  const problems: Problem[] = [];
  for (const error of doc.errors) {
    const where = at(errorOffset(text, error));
    if (seenLines.has(where.line)) continue;
    seenLines.add(where.line);
    problems.push({
      file,
      ...where,
      message: `The YAML cannot be read: ${yamlMessage(error)}`,
      fix: yamlFix(error),
    });
    if (problems.length === MAX_SYNTAX_PROBLEMS) break;
  }
  let data: unknown;
  if (problems.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (error) {
      problems.push({
        file,
        line: 1 + lineOffset,
        column: 1,
        message:
          error instanceof ReferenceError
            ? `The YAML expands its aliases (*name) to more than ${MAX_ALIASES} copies.`
            : 'The YAML nests too deeply to be read.',
        fix: 'Write the values out instead of repeating them through anchors (&name) and aliases (*name).',
      });
    }
  }
  return {
    file,
    data: problems.length > 0 ? undefined : data,
    problems,
    locate(path) {
      const offset = keyOffset(doc.contents, path);
      return offset === undefined ? { line: Math.max(1, lineOffset), column: 1 } : at(offset);
    },
  };
}

const MAX_SYNTAX_PROBLEMS = 5;
/** Aliases a file may expand: enough for any real reuse, far too few for an "alias bomb". */
export const MAX_ALIASES = 50;

function yamlMessage(error: YAMLError): string {
  if (error.code === 'RESOURCE_EXHAUSTION') return 'it nests too deeply.';
  return firstLine(error.message);
}

/**
 * Where the cause of an error is. A quote that is never closed is reported by the parser where
 * it gave up (the end of the file); the reader needs the line where the quote opens.
 */
function errorOffset(text: string, error: YAMLError): number {
  const quote = /^Missing closing (["'])quote/.exec(error.message)?.[1];
  if (error.code !== 'MISSING_CHAR' || quote === undefined) return error.pos[0];
  return unclosedQuoteOffset(text, quote, error.pos[0]) ?? error.pos[0];
}

/** The offset of the quoted scalar that runs to `end` without its closing quote. */
function unclosedQuoteOffset(text: string, quote: string, end: number): number | undefined {
  const type = quote === '"' ? 'double-quoted-scalar' : 'single-quoted-scalar';
  // The CST keeps every token with its offset; walked with a stack, as it may nest deeply.
  const stack: unknown[] = [...new Parser().parse(text)];
  let found: number | undefined;
  while (stack.length > 0) {
    const token = stack.pop();
    if (typeof token !== 'object' || token === null) continue;
    if ('type' in token && token.type === type && 'offset' in token && 'source' in token) {
      const { offset, source } = token as { offset: number; source: string };
      if (offset < end && !closesQuote(source, quote) && (found === undefined || offset > found))
        found = offset;
      continue;
    }
    for (const value of Object.values(token)) if (typeof value === 'object') stack.push(value);
  }
  return found;
}

function closesQuote(source: string, quote: string): boolean {
  if (source.length < 2 || !source.endsWith(quote)) return false;
  if (quote === "'") return true;
  let backslashes = 0;
  for (let i = source.length - 2; i > 0 && source[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
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

function yamlFix(error: YAMLError): string {
  if (/^Missing closing (["'])quote/.test(error.message)) {
    return "Close the quote at the end of the value, or remove the opening one; a quote inside the text is written twice in single quotes ('it''s') or as \\\" in double quotes.";
  }
  switch (error.code) {
    case 'RESOURCE_EXHAUSTION':
      return 'Write the value flat: frontmatter holds keys, lists of updates and short texts, never brackets inside brackets hundreds deep.';
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
