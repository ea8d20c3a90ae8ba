import { describe, expect, it } from 'vitest';
import { parseContent } from '../src/content/parse-content.ts';
import { formatProblems } from '../src/content/problems.ts';
import { contentFiles, repoFiles, SITE_CONFIG } from './helpers/content-repo.ts';

/** The error text a person reads for a repository with `extra` files. */
function problemsText(extra: Record<string, string | Uint8Array | null>): string {
  const { problems } = parseContent(contentFiles(repoFiles(extra)));
  return formatProblems(problems);
}

const incident = (frontmatter: string) => `---\n${frontmatter.trim()}\n---\n`;

describe('content validation errors', () => {
  it('accepts the valid base repository', () => {
    const { problems, content } = parseContent(contentFiles(repoFiles()));
    expect(problems).toEqual([]);
    expect(content?.incidents.map((entry) => entry.id)).toEqual(['2026-02-20-api-errors']);
  });

  it('names an unknown component and suggests the closest id', () => {
    const text = problemsText({
      'incidents/a.md': incident(`
title: Slow API
impact: minor
components:
  apii: degraded_performance
updates:
  - at: 2026-02-21T10:00:00Z
    status: investigating
    message: Looking.
    components:
      dashbord: partial_outage
`),
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/a.md:5:3 "apii" is not a component.
        Fix: Name a component from components/ (api, dashboard, email). Did you mean "api"? To add a new one, create components/apii.yml.

      incidents/a.md:11:7 "dashbord" is not a component.
        Fix: Name a component from components/ (api, dashboard, email). Did you mean "dashboard"? To add a new one, create components/dashbord.yml.

      Statusmark found 2 problems in 1 file."
    `);
  });

  it('refuses two updates at the same time and updates out of order', () => {
    const text = problemsText({
      'incidents/a.md': incident(`
title: Slow API
impact: minor
updates:
  - at: 2026-02-21T10:00:00Z
    status: investigating
    message: One.
  - at: 2026-02-21T10:00:00Z
    status: identified
    message: Two.
  - at: 2026-02-21T09:00:00Z
    status: monitoring
    message: Three.
`),
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/a.md:8:5 "updates[1].at" is the same time as updates[0] (2026-02-21T10:00:00Z).
        Fix: Give each update its own time: the time identifies the update, e.g. for notifications.

      incidents/a.md:11:5 "updates[2].at" (2026-02-21T09:00:00Z) is earlier than the update before it (2026-02-21T10:00:00Z).
        Fix: Keep updates oldest first and append new ones at the end, each later than the last.

      Statusmark found 2 problems in 1 file."
    `);
  });

  it('refuses updates after the incident was resolved', () => {
    const text = problemsText({
      'incidents/a.md': incident(`
title: Slow API
impact: minor
updates:
  - at: 2026-02-21T10:00:00Z
    status: resolved
    message: Fixed.
  - at: 2026-02-21T11:00:00Z
    status: investigating
    message: It is back.
`),
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/a.md:8:5 "updates[1]" comes after the resolved update of 2026-02-21T10:00:00Z.
        Fix: A resolved incident is closed: remove this update, or if the problem came back, open a new incident (statusmark new) that links to this one.

      Statusmark found 1 problem in 1 file."
    `);
  });

  it('refuses a maintenance window that ends before it starts', () => {
    const text = problemsText({
      'incidents/m.md': incident(`
kind: maintenance
title: Database upgrade
components: [api]
scheduled_for: 2026-03-01T04:00:00Z
scheduled_until: 2026-03-01T02:00:00Z
updates:
  - at: 2026-02-25T10:00:00Z
    status: scheduled
    message: Planned.
`),
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/m.md:6:1 "scheduled_until" (2026-03-01T02:00:00Z) is not after "scheduled_for" (2026-03-01T04:00:00Z).
        Fix: Set scheduled_until to when the window ends, later than scheduled_for.

      Statusmark found 1 problem in 1 file."
    `);
  });

  it('refuses times without a zone and says how to add one', () => {
    const text = problemsText({
      'incidents/a.md': incident(`
title: Slow API
impact: minor
started_at: 2026-02-21 09:30
updates:
  - at: 2026-02-21T10:00:00
    status: investigating
    message: Looking.
`),
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/a.md:4:1 "started_at" has no time zone: "2026-02-21 09:30".
        Fix: Add "Z" for UTC or an offset such as "+02:00", with seconds: e.g. "2026-02-21T09:30:00Z".

      incidents/a.md:6:5 "updates[0].at" has no time zone: "2026-02-21T10:00:00".
        Fix: Add "Z" for UTC or an offset such as "+02:00", with seconds: e.g. "2026-02-21T10:00:00Z".

      Statusmark found 2 problems in 1 file."
    `);
  });

  it('refuses duplicate ids across folders and file names that are not ids', () => {
    const text = problemsText({
      'incidents/2026/2026-02-20-api-errors.md': incident(`
title: Copy
impact: none
updates:
  - at: 2026-02-21T10:00:00Z
    status: resolved
    message: Copy.
`),
      'incidents/API Errors.md': incident(`
title: Bad name
impact: none
updates:
  - at: 2026-02-21T10:00:00Z
    status: resolved
    message: Bad name.
`),
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/2026/2026-02-20-api-errors.md:1:1 Another file has the same id "2026-02-20-api-errors": incidents/2026-02-20-api-errors.md.
        Fix: Rename one of the two files: ids come from file names and must be unique.

      incidents/API Errors.md:1:1 The file name does not make a valid id: "API Errors".
        Fix: Rename the file to lower-case letters, digits and dashes, e.g. 2026-02-20-api-errors.md; the id appears in URLs.

      Statusmark found 2 problems in 2 files."
    `);
  });

  it('refuses unknown keys, suggesting the intended one', () => {
    const text = problemsText({
      'incidents/a.md': incident(`
title: Slow API
impact: minor
notfy: false
updates:
  - at: 2026-02-21T10:00:00Z
    status: investigating
    mesage: Looking.
`),
      'components/email.yml': 'name: Email\ngroupe: core\n',
    });
    expect(text).toMatchInlineSnapshot(`
      "components/email.yml:2:1 "groupe" is not a key Statusmark knows.
        Fix: Remove it or correct its spelling. Did you mean "group"? Allowed here: name, description, group, order, hidden_unless_degraded, start_date.

      incidents/a.md:4:1 "notfy" is not a key Statusmark knows.
        Fix: Remove it or correct its spelling. Did you mean "notify"? Allowed here: kind, title, impact, components, notify, mentions, started_at, updates.

      incidents/a.md:6:5 "updates[0].message" is missing.
        Fix: Add the key "updates[0].message" (markdown shown to readers, at most 4096 characters).

      incidents/a.md:8:5 "updates[0].mesage" is not a key Statusmark knows.
        Fix: Remove it or correct its spelling. Did you mean "message"? Allowed here: at, status, message, components, notify.

      Statusmark found 4 problems in 2 files."
    `);
  });

  it('names both kinds when "kind" is neither', () => {
    const text = problemsText({
      'incidents/m.md': incident(`
kind: maintanance
title: Database upgrade
updates:
  - at: 2026-02-25T10:00:00Z
    status: scheduled
    message: Planned.
`),
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/m.md:2:1 "kind" is "maintanance", which is neither incident nor maintenance.
        Fix: Write "kind: maintenance" for a maintenance window, or leave "kind" out for an incident. Did you mean "maintenance"?

      Statusmark found 1 problem in 1 file."
    `);
  });

  it('refuses a file that is not UTF-8, naming the line', () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('---\ntitle: Caf'),
      0xe9,
      ...new TextEncoder().encode('\nimpact: none\n---\n'),
    ]);
    expect(problemsText({ 'incidents/a.md': latin1 })).toMatchInlineSnapshot(`
      "incidents/a.md:2:1 The file is not UTF-8 text.
        Fix: Save the file with UTF-8 encoding (in VS Code: "Save with Encoding" → UTF-8).

      Statusmark found 1 problem in 1 file."
    `);
  });

  it('refuses a file without frontmatter or with frontmatter never closed', () => {
    const text = problemsText({
      'incidents/a.md': '# Slow API\n\nWe are looking.\n',
      'incidents/b.md': '---\ntitle: Slow API\nimpact: minor\n',
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/a.md:1:1 The file has no frontmatter.
        Fix: Start the file with a line "---", then the keys (title, impact, updates, …), then another "---" line.

      incidents/b.md:1:1 The frontmatter is never closed.
        Fix: Add a line "---" after the last key of the frontmatter.

      Statusmark found 2 problems in 2 files."
    `);
  });

  it('reports YAML syntax errors at their line', () => {
    const text = problemsText({
      'incidents/a.md': incident(`
title: Slow API
impact: minor
impact: major
updates:
  - at: 2026-02-21T10:00:00Z
    status: investigating
    message: Looking: at it
`),
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/a.md:4:1 The YAML cannot be read: Map keys must be unique.
        Fix: Each key may appear once; remove or merge the repeated one.

      incidents/a.md:8:14 The YAML cannot be read: Nested mappings are not allowed in compact mappings.
        Fix: Check the quoting and indentation on this line; put text that contains ": " or starts with a special character (such as *, &, @ or \`) in quotes.

      Statusmark found 2 problems in 1 file."
    `);
  });

  it('explains wrong values: enums, lengths, types and missing keys', () => {
    const text = problemsText({
      'incidents/a.md': incident(`
title: ${'x'.repeat(201)}
impact: big
notify: sometimes
components:
  API: down
updates:
  - at: 2026-02-21T10:00:00Z
    status: investigatin
    message: "${'m'.repeat(4097)}"
`),
      'incidents/b.md': incident(`
impact: minor
updates: []
`),
    });
    expect(text).toMatchInlineSnapshot(`
      "incidents/a.md:2:1 "title" is 201 characters long; the limit is 200 characters.
        Fix: Shorten it; longer text belongs in the Markdown body below the frontmatter.

      incidents/a.md:3:1 "impact" is "big", which is not one of: none, minor, major, critical.
        Fix: Use one of the values listed.

      incidents/a.md:4:1 "notify" should be true or false, not "sometimes".
        Fix: Write true or false here (whether merging this notifies subscribers; \`false\` publishes quietly).

      incidents/a.md:6:3 The key "components.API" is not an id.
        Fix: Ids are lower-case letters, digits and dashes, e.g. \`api\` or \`eu-database\`.

      incidents/a.md:9:5 "updates[0].status" is "investigatin", which is not one of: investigating, identified, monitoring, resolved.
        Fix: Use one of the values listed. Did you mean "investigating"?

      incidents/a.md:10:5 "updates[0].message" is 4097 characters long; the limit is 4096 characters.
        Fix: Shorten it; longer text belongs in the Markdown body below the frontmatter.

      incidents/b.md:2:1 "title" is missing.
        Fix: Add the key "title" (a short headline, at most 200 characters).

      incidents/b.md:3:1 "updates" needs at least 1 entry.
        Fix: Add an entry (the timeline, oldest first; append new updates at the end).

      Statusmark found 8 problems in 2 files."
    `);
  });

  it('checks components, groups and the site config', () => {
    const text = problemsText({
      'components/email.yml': 'name: Email\ngroup: cor\nstart_date: 2026-13-01\n',
      'components/_groups.yml':
        'groups:\n  - id: core\n    name: Core\n  - id: core\n    name: Again\n',
      'statusmark.yml':
        'name: Example\nurl: status.example.com\norganization_id: Example Org\ntime_zone: Mars/Olympus\n',
    });
    expect(text).toMatchInlineSnapshot(`
      "components/_groups.yml:4:5 The group id "core" is used twice.
        Fix: Give each group its own id, or merge the two groups.

      components/email.yml:3:1 "start_date" is not a date: "2026-13-01".
        Fix: Write it as YYYY-MM-DD, e.g. 2026-02-20.

      statusmark.yml:2:1 "url" is not an absolute web address: "status.example.com".
        Fix: Write the full URL, starting with https://.

      statusmark.yml:3:1 "organization_id" is "Example Org", which is not an id.
        Fix: Ids are lower-case letters, digits and dashes, e.g. \`api\` or \`eu-database\`.

      statusmark.yml:4:1 "time_zone" is "Mars/Olympus", which is not an IANA time zone.
        Fix: Use a name from the IANA time zone database, e.g. UTC, Europe/Berlin or America/New_York.

      Statusmark found 5 problems in 3 files."
    `);
  });

  it('refuses a group whose id is also a component id', () => {
    const text = problemsText({
      'components/_groups.yml': 'groups:\n  - id: api\n    name: API group\n',
      'components/api.yml': 'name: API\ngroup: api\n',
      'components/dashboard.yml': 'name: Dashboard\n',
    });
    expect(text).toMatchInlineSnapshot(`
      "components/_groups.yml:2:5 The group id "api" is also the id of a component (components/api.yml).
        Fix: Give the group another id, e.g. add "-group"; the API lists groups and components together, so their ids must differ.

      Statusmark found 1 problem in 1 file."
    `);
  });

  it('refuses a missing site config', () => {
    expect(problemsText({ 'statusmark.yml': null })).toMatchInlineSnapshot(`
      "statusmark.yml:1:1 The site config statusmark.yml is missing.
        Fix: Create statusmark.yml at the root of the content with at least name, url and organization_id.

      Statusmark found 1 problem in 1 file."
    `);
  });

  it('reports every problem of a run together, sorted by file, line and column', () => {
    const { problems } = parseContent(
      contentFiles(
        repoFiles({
          'incidents/b.md': incident('title: B\nimpact: nope\nupdates: []'),
          'incidents/a.md': incident('title: A\nimpact: minor\nextra: 1\nupdates: []'),
          'components/api.yml': 'name: API\ngroup: core\norder: first\n',
        }),
      ),
    );
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual([
      'components/api.yml:3:1',
      'incidents/a.md:4:1',
      'incidents/a.md:5:1',
      'incidents/b.md:3:1',
      'incidents/b.md:4:1',
    ]);
  });

  it('explains notification targets: an unknown key, an unknown channel, a missing number', () => {
    const text = problemsText({
      'statusmark.yml': `${SITE_CONFIG}notifications:
  targets:
    - id: chat
      channel: slack
      url_env: SLACK
      componets: [api]
    - id: chat
      channel: slak
      url_env: A
    - id: ann
      channel: github
`,
    });
    expect(text).toMatchInlineSnapshot(`
      "statusmark.yml:10:7 "notifications.targets[0].componets" is not a key Statusmark knows.
        Fix: Remove it or correct its spelling. Did you mean "components"? Allowed here: channel, id, components, delivery, url_env.

      statusmark.yml:12:7 "notifications.targets[1].channel" is "slak", which is not one of: webhook, slack, discord, teams, email, github.
        Fix: Use one of the values listed. Did you mean "slack"?

      statusmark.yml:14:7 "notifications.targets[2]" needs exactly one of \`issue\` and \`discussion\`.
        Fix: Add \`issue: <number>\` or \`discussion: <number>\`: where the updates are posted.

      Statusmark found 3 problems in 1 file."
    `);
  });
});
