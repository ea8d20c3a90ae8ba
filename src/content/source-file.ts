import type { Problem } from './problems.ts';

/** A file of the content repository, as read from disk (or written in a test). */
export interface SourceFile {
  /** Path relative to the content root, with forward slashes. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text without a byte-order mark, or a problem naming the first line that is not UTF-8. */
export function decodeText(file: SourceFile): string | Problem {
  try {
    return utf8.decode(file.bytes).replace(/^\uFEFF/, '');
  } catch {
    return {
      file: file.path,
      line: firstInvalidLine(file.bytes),
      column: 1,
      message: 'The file is not UTF-8 text.',
      fix: 'Save the file with UTF-8 encoding (in VS Code: "Save with Encoding" → UTF-8).',
    };
  }
}

function firstInvalidLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        utf8.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return 1;
}

/** `incidents/2026/api-errors.md` → `api-errors`. */
export function idOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.replace(/\.(md|ya?ml)$/, '');
}
