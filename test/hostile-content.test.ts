import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../src/content/load.ts';
import { parseContent } from '../src/content/parse-content.ts';
import { formatProblems, type Problem } from '../src/content/problems.ts';
import { MAX_FILE_BYTES } from '../src/content/source-file.ts';
import { renderMarkdown } from '../src/markdown/render.ts';
import { contentFiles, makeRepo, repoFiles, SITE_CONFIG } from './helpers/content-repo.ts';

/**
 * Broken and hostile content, as people, alerting tools and attackers write it: every input
 * gets a clear problem at the right place, or is accepted and publishes safely; none crashes
 * or hangs a check.
 */

function problemsOf(extra: Record<string, string | Uint8Array | null>): readonly Problem[] {
  return parseContent(contentFiles(repoFiles(extra))).problems;
}

function problemsText(extra: Record<string, string | Uint8Array | null>): string {
  return formatProblems(problemsOf(extra));
}

const VALID = `---
title: Elevated API error rates
impact: major
components:
  api: partial_outage
updates:
  - at: 2026-02-21T10:00:00Z
    status: investigating
    message: We are investigating.
---
The API answers slowly.
`;

const withMessage = (message: string) =>
  VALID.replace('message: We are investigating.', `message: ${JSON.stringify(message)}`);

describe('hostile and broken content', () => {
  it('reads CRLF line endings and a byte-order mark exactly like LF', () => {
    const crlf = `\uFEFF${VALID.replaceAll('\n', '\r\n')}`;
    const lf = parseContent(contentFiles(repoFiles({ 'incidents/2026-02-21-a.md': VALID })));
    const windows = parseContent(contentFiles(repoFiles({ 'incidents/2026-02-21-a.md': crlf })));
    expect(windows.problems).toEqual([]);
    const pick = (result: typeof lf) =>
      result.content?.incidents.map((incident) => ({
        ...incident,
        body: incident.body?.text,
        updates: incident.updates.map((update) => ({ ...update, message: update.message.text })),
      }));
    expect(pick(windows)).toEqual(pick(lf));
    expect(problemsText({ 'statusmark.yml': SITE_CONFIG.replaceAll('\n', '\r\n') })).toContain(
      'Statusmark found 0 problems',
    );
  });

  it('refuses characters XML forbids, oversized files, alias bombs and nesting bombs, at their place', () => {
    const bomb = `---
title: x
impact: minor
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
updates: []
---
`;
    const text = problemsText({
      'incidents/2026-02-21-bell.md': VALID.replace('rates', 'rates\u0007'),
      'incidents/2026-02-21-ffff.md': withMessage('Broken \uFFFF text'),
      'incidents/2026-02-21-huge.md': VALID + 'Long text. '.repeat(MAX_FILE_BYTES / 10),
      'incidents/2026-02-21-bomb.md': bomb,
      'incidents/2026-02-21-deep.md': `---\ntitle: ${'['.repeat(20_000)}\n---\n`,
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/2026-02-21-bell.md:2:32 The file contains the control character U+0007, which feeds and calendars cannot carry.
        Fix: Delete it (it is invisible in most editors; it often comes with text pasted from a terminal or a PDF).

      incidents/2026-02-21-bomb.md:2:1 The YAML expands its aliases (*name) to more than 50 copies.
        Fix: Write the values out instead of repeating them through anchors (&name) and aliases (*name).

      incidents/2026-02-21-deep.md:2:764 The YAML cannot be read: it nests too deeply.
        Fix: Write the value flat: frontmatter holds keys, lists of updates and short texts, never brackets inside brackets hundreds deep.

      incidents/2026-02-21-ffff.md:9:22 The file contains the control character U+FFFF, which feeds and calendars cannot carry.
        Fix: Delete it (it is invisible in most editors; it often comes with text pasted from a terminal or a PDF).

      incidents/2026-02-21-huge.md:1:1 The file is 71 KiB; the limit is 64 KiB.
        Fix: Shorten it: link to a longer document (a postmortem, a log) instead of pasting it here.

      Statusmark found 5 problems in 5 files."
    `);
  });

  it('refuses Markdown that would publish nothing or nest beyond the renderer, in messages and bodies', () => {
    const nestedList = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- level`).join('\n');
    const text = problemsText({
      'incidents/2026-02-21-quotes.md': withMessage(`${'>'.repeat(3000)} deep`),
      'incidents/2026-02-21-comment.md': withMessage('<!-- nothing to see -->'),
      'incidents/2026-02-21-rule.md': withMessage('---'),
      'incidents/2026-02-21-list.md': `${VALID}\n${nestedList}\n`,
      'incidents/2026-02-21-stars.md': withMessage(`${'*'.repeat(3000)}x${'*'.repeat(3000)}`),
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/2026-02-21-comment.md:9:5 "updates[0].message" is "<!-- nothing to see -->", which has no text a reader would see (HTML and comments are not published).
        Fix: Write what readers should know in words, e.g. "We are investigating."

      incidents/2026-02-21-list.md:11:1 The Markdown below the frontmatter nests quotes and lists 40 levels deep; the limit is 10.
        Fix: Write it flatter: short paragraphs, plain lists and headings read best.

      incidents/2026-02-21-quotes.md:9:5 "updates[0].message" is ">>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>...", which nests quotes and lists 3000 levels deep; the limit is 10.
        Fix: Write it flatter: a status update reads best as short paragraphs and a plain list.

      incidents/2026-02-21-rule.md:9:5 "updates[0].message" is "---", which has no text a reader would see (HTML and comments are not published).
        Fix: Write what readers should know in words, e.g. "We are investigating."

      incidents/2026-02-21-stars.md:9:5 "updates[0].message" is 6001 characters long; the limit is 4096 characters.
        Fix: Shorten it; longer text belongs in the Markdown body below the frontmatter.

      incidents/2026-02-21-stars.md:9:5 "updates[0].message" is "*********************************************************...", which has 3000 emphasis markers (* or _) in a row; the limit is 64.
        Fix: Write it flatter: a status update reads best as short paragraphs and a plain list.

      Statusmark found 6 problems in 5 files."
    `);
  });

  it('points at the cause: an unclosed quote where it opens, never past the end of the file', () => {
    const text = problemsText({
      'incidents/2026-02-21-quote.md': VALID.replace(
        'title: Elevated API error rates',
        'title: "Elevated API error rates',
      ),
      'incidents/2026-02-21-bracket.md': '---\ntitle: x\nimpact: [minor\n---\n',
      'components/api.yml': "name: 'API\n\n\n",
    });
    expect(text).toMatchInlineSnapshot(`
      "components/api.yml:1:7 The YAML cannot be read: Missing closing 'quote.
        Fix: Close the quote at the end of the value, or remove the opening one; a quote inside the text is written twice in single quotes ('it''s') or as \\" in double quotes.

      incidents/2026-02-21-bracket.md:3:15 The YAML cannot be read: Flow sequence in block collection must be sufficiently indented and end with a ].
        Fix: Check the indentation: nested keys and list items line up under their parent, with spaces, not tabs.

      incidents/2026-02-21-quote.md:2:8 The YAML cannot be read: Missing closing "quote.
        Fix: Close the quote at the end of the value, or remove the opening one; a quote inside the text is written twice in single quotes ('it''s') or as \\" in double quotes.

      Statusmark found 3 problems in 3 files."
    `);
  });

  it('reports every problem of a file in one run', () => {
    const text = problemsText({
      'incidents/2026-02-21-many.md': `---
title: Slow
impact: high
components:
  apii: partial_outage
updates:
  - at: 2026-02-21T10:00:00Z
    status: investigating
    message: One.
  - at: 2026-02-21T09:00:00Z
    status: identified
    message: Two.
---
`,
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/2026-02-21-many.md:3:1 "impact" is "high", which is not one of: none, minor, major, critical.
        Fix: Use one of the values listed.

      incidents/2026-02-21-many.md:5:3 "apii" is not a component.
        Fix: Name a component from components/ (api, dashboard, email). Did you mean "api"? To add a new one, create components/apii.yml.

      incidents/2026-02-21-many.md:10:5 "updates[1].at" (2026-02-21T09:00:00Z) is earlier than the update before it (2026-02-21T10:00:00Z).
        Fix: Keep updates oldest first and append new ones at the end, each later than the last.

      Statusmark found 3 problems in 1 file."
    `);
  });

  it('says what a pattern expects, in the schema’s words, and never repeats a secret', () => {
    const config = (extra: string) => `${SITE_CONFIG}${extra}`;
    const slackUrl = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
    const text = problemsText({
      'statusmark.yml': config(`base: /status//docs
accent_color: blue
notifications:
  ledger_key_env: ${slackUrl}
  targets:
    - id: ops
      channel: slack
      url_env: XOXB_1234567890ABCDEFGHIJ
`),
    });
    expect(text).not.toContain('hooks.slack.com');
    expect(text).not.toContain('1234567890ABCDEFGHIJ');
    expect(text).toMatchInlineSnapshot(`
      "statusmark.yml:5:1 "base" is "/status//docs", which is not a path prefix.
        Fix: Write the path the site is served under, starting with "/", e.g. \`/status\` (or \`/\` for the root); letters, digits, ".", "_" and "-" between the slashes.

      statusmark.yml:6:1 "accent_color" is "blue", which is not a colour of the form #rrggbb.
        Fix: Write six hexadecimal digits after "#", e.g. \`#0b6bcb\`.

      statusmark.yml:8:3 "notifications.ledger_key_env" is a value (not repeated here), which is not the name of an environment variable.
        Fix: Write the name of the repository secret that holds the value, e.g. STATUSMARK_SLACK_URL, and put the value itself in that secret, never in this file.

      statusmark.yml:12:7 "notifications.targets[0].url_env" is a value (not repeated here), which looks like a secret value rather than the name of an environment variable.
        Fix: Put the value in a repository secret, write the secret's name here (e.g. STATUSMARK_SLACK_URL), and rotate the value if this file was ever pushed.

      Statusmark found 4 problems in 1 file."
    `);
  });

  it('checks a crafted base path in linear time', () => {
    for (const base of [
      `/${'a/'.repeat(5000)}!`,
      `/${'a//'.repeat(5000)}`,
      `${'/.'.repeat(9000)}#`,
    ]) {
      const started = performance.now();
      const text = problemsText({ 'statusmark.yml': `${SITE_CONFIG}base: "${base}"\n` });
      // A backtracking pattern takes minutes on these; a linear one, well under a second.
      expect(performance.now() - started).toBeLessThan(1000);
      expect(text).toContain('which is not a path prefix');
    }
  });

  it('reports a symbolic link in incidents/ instead of skipping it', async () => {
    const root = await makeRepo(repoFiles());
    await writeFile(path.join(root, 'outside.md'), VALID);
    await mkdir(path.join(root, 'incidents', '2026'), { recursive: true });
    await symlink(path.join(root, 'outside.md'), path.join(root, 'incidents', '2026', 'link.md'));
    const { problems } = await checkContent(root);
    expect(formatProblems(problems)).toMatchInlineSnapshot(`
      "incidents/2026/link.md:1:1 The file is a symbolic link, which Statusmark does not follow.
        Fix: Replace it with a regular file holding the content (copy the file the link points to).

      Statusmark found 1 problem in 1 file."
    `);
  });
});

/** Lines of a file as editors count them. */
function lineCount(text: string): number {
  return text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n').length;
}

describe('any input, generated', () => {
  const markup = fc.constantFrom(
    ...'abc 012\n\t>*_-+#[]()!<>&`~|\\:"\'{}@%=.,/\r'.split(''),
    '\u0000',
    '\uFFFF',
    '\u202E',
    '<script>',
    '</',
    '<!--',
    '-->',
    '---',
    '- ',
    '1. ',
    '  ',
    '&a',
    '*a',
    'javascript:',
    '](',
    '![',
    'updates:',
    '  - at: 2026-02-21T10:00:00Z',
    '    status: resolved',
    '    message: ',
    'components:',
    '  api: ',
    '&x ',
    '*x',
    '<<: *x',
  );
  const text = fc.array(markup, { maxLength: 300 }).map((parts) => parts.join(''));

  it('never crashes or hangs a check, and every problem points inside its file', () => {
    fc.assert(
      fc.property(text, text, (frontmatter, body) => {
        const file = `---\n${frontmatter}\n---\n${body}`;
        const started = performance.now();
        const problems = problemsOf({ 'incidents/2026-02-21-x.md': file });
        expect(performance.now() - started).toBeLessThan(1000);
        for (const problem of problems) {
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.line).toBeLessThanOrEqual(lineCount(file));
          expect(problem.column).toBeGreaterThanOrEqual(1);
          expect(problem.message).toMatch(/\S.*[.?]$/s);
          expect(problem.fix).toMatch(/\S/);
        }
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });

  it('publishes every message that validates as safe, non-empty HTML and text', () => {
    fc.assert(
      fc.property(text, (message) => {
        const problems = problemsOf({ 'incidents/2026-02-21-x.md': withMessage(message) });
        if (problems.length > 0) return;
        const rendered = renderMarkdown(message.trim());
        expect(rendered.text).not.toBe('');
        expect(rendered.html).not.toMatch(/<script|<iframe|\son\w+=|href="\s*javascript:/i);
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });
});
