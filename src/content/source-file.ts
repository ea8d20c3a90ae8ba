import type { Problem } from './problems.ts';

/** A file of the content repository, as read from disk (or written in a test). */
export interface SourceFile {
  /** Path relative to the content root, with forward slashes. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * The most one content file may hold. A postmortem of 8,000 words fits. Rendering Markdown costs
 * more than linear time for some shapes (long lists, many footnotes), so the size of one file
 * bounds the time and memory one file can take from every build.
 */
export const MAX_FILE_BYTES = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Characters XML 1.0 does not allow (C0 controls other than tab and line breaks, U+FFFE and
 * U+FFFF): one of them makes a strict feed reader drop the whole feed, so content must not
 * carry them. Lone surrogates cannot occur: the decoder refuses them as invalid UTF-8.
 */
// eslint-disable-next-line no-control-regex -- these control characters are what is looked for
export const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * The file's text, ready to parse: without a byte-order mark and with CRLF (or a lone CR) line
 * breaks as LF, so files saved on Windows read exactly like the others. Or a problem: not UTF-8,
 * too large, or holding a character that no feed may carry.
 */
export function decodeText(file: SourceFile): string | Problem {
  if (file.bytes.length > MAX_FILE_BYTES) {
    return {
      file: file.path,
      line: 1,
      column: 1,
      message: `The file is ${formatKiB(file.bytes.length)}; the limit is ${formatKiB(MAX_FILE_BYTES)}.`,
      fix: 'Shorten it: link to a longer document (a postmortem, a log) instead of pasting it here.',
    };
  }
  let text: string;
  try {
    text = utf8.decode(file.bytes).replace(/^\uFEFF/, '');
  } catch {
    return {
      file: file.path,
      line: firstInvalidLine(file.bytes),
      column: 1,
      message: 'The file is not UTF-8 text.',
      fix: 'Save the file with UTF-8 encoding (in VS Code: "Save with Encoding" → UTF-8).',
    };
  }
  const normalised = text.replace(/\r\n?/g, '\n');
  const forbidden = FORBIDDEN_CHARACTER.exec(normalised);
  if (forbidden) {
    const before = normalised.slice(0, forbidden.index);
    const line = before.split('\n').length;
    const code = forbidden[0].codePointAt(0) ?? 0;
    return {
      file: file.path,
      line,
      column: forbidden.index - before.lastIndexOf('\n'),
      message: `The file contains the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}, which feeds and calendars cannot carry.`,
      fix: 'Delete it (it is invisible in most editors; it often comes with text pasted from a terminal or a PDF).',
    };
  }
  return normalised;
}

/** The line break a file uses, so a command that appends to it keeps the file's own style. */
export function lineBreakOf(file: SourceFile): '\n' | '\r\n' {
  const text = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  const lf = text.indexOf(0x0a);
  return lf > 0 && text[lf - 1] === 0x0d ? '\r\n' : '\n';
}

function formatKiB(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString('en')} KiB`;
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
