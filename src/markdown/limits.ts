/**
 * Bounds on what one piece of Markdown may cost. unified's Markdown → HTML pipeline recurses
 * once per level of nesting (a few thousand nested `>` or list items overflow the call stack)
 * and parses deep nesting in quadratic time, so nesting is measured here first, in one linear
 * pass over the source that never builds a tree. The estimate is an upper bound: it may call
 * something deeper than a parser would, never shallower.
 */

/** Blocks (quotes, lists) inside each other: far beyond any status update, far below a crash. */
export const MAX_BLOCK_NESTING = 10;
/** Brackets of links and images inside each other within one paragraph. */
export const MAX_BRACKET_NESTING = 16;
/** Emphasis markers in a row (`***…`): a masked secret fits, a nesting bomb does not. */
export const MAX_DELIMITER_RUN = 64;
/**
 * Runs of emphasis markers in one paragraph, heading or list item. Matching them is quadratic
 * in their number (16 KB of `*a_ ` takes a second, 64 KB sixteen), so one may hold this many.
 */
export const MAX_DELIMITERS_PER_PARAGRAPH = 300;
/** Footnote references in one text; resolving them grows faster than linearly. */
export const MAX_FOOTNOTES = 100;

/** Why this Markdown is refused, as a sentence, or null when it is within every bound. */
export function markdownLimitProblem(markdown: string): string | null {
  const block = blockNesting(markdown);
  if (block > MAX_BLOCK_NESTING) {
    return `nests quotes and lists ${block} levels deep; the limit is ${MAX_BLOCK_NESTING}`;
  }
  const inline = inlineNesting(markdown);
  if (inline.brackets > MAX_BRACKET_NESTING) {
    return `nests links or images ${inline.brackets} levels deep; the limit is ${MAX_BRACKET_NESTING}`;
  }
  if (inline.run > MAX_DELIMITER_RUN) {
    return `has ${inline.run} emphasis markers (* or _) in a row; the limit is ${MAX_DELIMITER_RUN}`;
  }
  if (inline.delimiters > MAX_DELIMITERS_PER_PARAGRAPH) {
    return `has a paragraph with ${inline.delimiters} emphasis markers (* or _); the limit is ${MAX_DELIMITERS_PER_PARAGRAPH}`;
  }
  if (inline.footnotes > MAX_FOOTNOTES) {
    return `has ${inline.footnotes} footnote references; the limit is ${MAX_FOOTNOTES}`;
  }
  return null;
}

/** The deepest line: its `>` markers plus the list items it sits in. */
function blockNesting(markdown: string): number {
  let deepest = 0;
  let fence: string | null = null;
  // Columns of the list markers that are still open, innermost last.
  const lists: number[] = [];
  for (const line of markdown.split('\n')) {
    let i = 0;
    let quotes = 0;
    for (;;) {
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (line[i] !== '>') break;
      quotes++;
      i++;
    }
    const rest = line.slice(i);
    const fenceMark = /^(`{3,}|~{3,})/.exec(rest)?.[1];
    if (fence !== null) {
      if (fenceMark?.startsWith(fence.charAt(0)) && fenceMark.length >= fence.length) fence = null;
      continue;
    }
    if (fenceMark !== undefined) {
      fence = fenceMark;
      continue;
    }
    // Every list marker on the line opens a level (`- - - x` nests three deep).
    let column = i;
    for (;;) {
      const marker = listMarkerLength(line, column);
      if (marker === 0) break;
      while (lists.length > 0 && (lists.at(-1) ?? 0) >= column) lists.pop();
      lists.push(column);
      column += marker;
      while (line[column] === ' ' || line[column] === '\t') column++;
    }
    deepest = Math.max(deepest, quotes + lists.length);
  }
  return deepest;
}

/** The length of a list marker at `at` (`- `, `* `, `+ `, `1. `, `1) `), or 0. */
function listMarkerLength(line: string, at: number): number {
  const char = line[at];
  const spaced = (end: number) => end === line.length || line[end] === ' ' || line[end] === '\t';
  if ((char === '-' || char === '*' || char === '+') && spaced(at + 1)) return 1;
  let end = at;
  while (end - at < 9 && isDigit(line.charAt(end))) end++;
  if (end > at && (line[end] === '.' || line[end] === ')') && spaced(end + 1)) return end - at + 1;
  return 0;
}

interface InlineCounts {
  /** The deepest brackets within a paragraph. */
  brackets: number;
  /** The longest run of one emphasis marker. */
  run: number;
  /** The most runs of emphasis markers in one paragraph. */
  delimiters: number;
  footnotes: number;
}

function inlineNesting(markdown: string): InlineCounts {
  const counts: InlineCounts = { brackets: 0, run: 0, delimiters: 0, footnotes: 0 };
  let depth = 0;
  let run = 0;
  let runs = 0;
  let previous = '';
  for (let i = 0; i < markdown.length; i++) {
    const char = markdown[i] ?? '';
    if (char === '\\') {
      i++;
      previous = '';
      run = 0;
      continue;
    }
    if (char === '*' || char === '_') {
      run = char === previous ? run + 1 : 1;
      if (run === 1) counts.delimiters = Math.max(counts.delimiters, ++runs);
      counts.run = Math.max(counts.run, run);
    } else {
      run = 0;
    }
    if (char === '[') {
      counts.brackets = Math.max(counts.brackets, ++depth);
      if (markdown[i + 1] === '^') counts.footnotes++;
    } else if (char === ']') {
      depth = Math.max(0, depth - 1);
    } else if (char === '\n' && markdown[i + 1] === '\n') {
      // A blank line ends the paragraph, and with it every open bracket and emphasis.
      depth = 0;
      runs = 0;
    } else if (char === '\n' && startsBlock(markdown, i + 1)) {
      // So does a new list item, heading or quote: emphasis never spans them.
      runs = 0;
    }
    previous = char;
  }
  return counts;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function startsBlock(markdown: string, at: number): boolean {
  let i = at;
  while (markdown[i] === ' ' || markdown[i] === '\t') i++;
  const char = markdown[i];
  return char === '#' || char === '>' || listMarkerLength(markdown, i) > 0;
}

/**
 * The text a reader would see, roughly: without HTML comments and tags (never published) and
 * without link destinations. Used to refuse a message that would publish as nothing, and as
 * the plain text of one whose only content is raw HTML. Linear: each search that finds no end
 * is remembered, so no input makes it scan the rest of the text again and again.
 */
export function visibleText(markdown: string): string {
  const parts: string[] = [];
  let i = 0;
  let tagsClose = true;
  let linksClose = true;
  // Text between a `<` and a `](` is kept as it is, a slice at a time.
  const special = /<|\]\(/g;
  while (i < markdown.length) {
    special.lastIndex = i;
    const at = special.exec(markdown)?.index ?? markdown.length;
    parts.push(markdown.slice(i, at));
    i = at;
    if (i >= markdown.length) break;
    if (markdown.startsWith('<!--', i)) {
      const end = markdown.indexOf('-->', i + 4);
      i = end === -1 ? markdown.length : end + 3;
      continue;
    }
    if (markdown[i] === '<') {
      if (tagsClose && /[A-Za-z/!?]/.test(markdown[i + 1] ?? '')) {
        const end = markdown.indexOf('>', i + 1);
        if (end !== -1) {
          i = end + 1;
          parts.push(' ');
          continue;
        }
        tagsClose = false;
      }
    } else if (linksClose) {
      const end = markdown.indexOf(')', i + 2);
      if (end !== -1) {
        i = end + 1;
        continue;
      }
      linksClose = false;
    }
    parts.push(markdown[i] ?? '');
    i++;
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Whether anything is left to read: a letter, a digit or a pictograph such as an emoji. */
export function hasVisibleText(markdown: string): boolean {
  return /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(visibleText(markdown));
}
