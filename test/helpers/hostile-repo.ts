import { makeRepo, repoFiles } from './content-repo.ts';

/**
 * Text an attacker would put in every field that reaches an output: markup for HTML, XML and
 * chat, a CDATA end, an entity, a Slack ping, a Markdown link, non-ASCII and an emoji. Every
 * test of hostile content uses these words, so a marker (`pwned`) can be searched for.
 */
export const HOSTILE_TITLE =
  'Café <script>window.pwned=1</script> ]]><img src=x onerror=window.pwned=2> &amp; <!channel> [login](https://evil.example) 🔥';

/** The same, short enough for a name (100 characters). */
export const HOSTILE_NAME =
  '<script>window.pwned=8</script> ]]> &amp; <!channel> [x](https://evil.example) é';

const HOSTILE_MESSAGE = [
  'We are looking into it: <script>window.pwned=3</script>',
  '',
  '<img src=x onerror="window.pwned=4"> [click](javascript:window.pwned=5) ]]> &lt;b&gt;',
  '',
  '<!channel> @everyone <@123> **bold** `code`',
].join('\n');

const indent = (text: string, spaces: number) => text.replaceAll('\n', `\n${' '.repeat(spaces)}`);

/** A content repository whose site name, components, incidents and window are all hostile. */
export async function hostileRepo(
  onCleanup?: (remove: () => Promise<void>) => void,
): Promise<string> {
  return makeRepo(
    repoFiles({
      'statusmark.yml': `name: ${JSON.stringify('Status <script>window.pwned=7</script> & ]]>')}
description: ${JSON.stringify(HOSTILE_TITLE)}
url: https://status.example.com
organization_id: example
links:
  - label: ${JSON.stringify('<script>window.pwned=6</script>')}
    url: https://example.com
`,
      'components/_groups.yml': `groups:\n  - id: core\n    name: ${JSON.stringify(HOSTILE_NAME)}\n`,
      'components/api.yml': `name: ${JSON.stringify(`API ${HOSTILE_NAME}`)}\ngroup: core\ndescription: ${JSON.stringify(HOSTILE_TITLE)}\n`,
      'incidents/2026-02-20-hostile.md': `---
title: ${JSON.stringify(HOSTILE_TITLE)}
impact: major
components:
  api: major_outage
updates:
  - at: 2026-02-20T10:00:00Z
    status: investigating
    message: |-
      ${indent(HOSTILE_MESSAGE, 6)}
  - at: 2026-02-20T10:20:00Z
    status: identified
    message: ${JSON.stringify(HOSTILE_TITLE)}
---

${HOSTILE_MESSAGE}
`,
      'incidents/2026-02-25-hostile-window.md': `---
kind: maintenance
title: ${JSON.stringify(HOSTILE_TITLE)}
components: [api]
scheduled_for: 2026-02-25T01:00:00Z
scheduled_until: 2026-02-25T02:00:00Z
updates:
  - at: 2026-02-20T09:00:00Z
    status: scheduled
    message: |-
      ${indent(HOSTILE_MESSAGE, 6)}
---
`,
    }),
    onCleanup,
  );
}
