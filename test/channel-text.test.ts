import { describe, expect, it } from 'vitest';
import { discordBody, slackBody, teamsBody } from '../src/notify/channels/chat.ts';
import { githubComment } from '../src/notify/channels/github.ts';
import type { NotificationMessage } from '../src/notify/message.ts';

/**
 * Hostile text in every field a channel shows: each channel's own escaping keeps it text. What
 * each platform would do with unescaped text is the platform's documented markup: Slack's
 * `<!channel>` and `<url|text>`, Discord's `<@id>` and `@everyone`, Adaptive Card and GitHub
 * Markdown links, GitHub's @-mentions.
 */
const HOSTILE =
  '<!channel> <@123> @everyone [login](https://evil.example) <https://evil.example|click> **bold** &#64;team';

const message: NotificationMessage = {
  siteName: `Status ${HOSTILE}`,
  siteUrl: 'https://status.example.com/',
  kind: 'incident',
  entryId: '2026-02-20-x',
  title: HOSTILE,
  status: 'investigating',
  statusLabel: 'Investigating',
  impactLabel: 'Major impact',
  impact: 'major',
  timeText: '20 Feb 2026, 10:00 UTC',
  time: '2026-02-20T10:00:00Z',
  text: HOSTILE,
  markdown: HOSTILE,
  html: '<p>safe</p>',
  url: 'https://status.example.com/incidents/2026-02-20-x/#update-20260220T100000Z',
  subscribeUrl: 'https://status.example.com/subscribe/',
  components: [{ id: 'api', name: HOSTILE, status: 'major_outage', label: 'Major outage' }],
  first: true,
  final: false,
  mentions: [],
  headline: `[Investigating] ${HOSTILE}`,
};

/** Every string in a JSON body, wherever it sits. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

describe('channel text safety', () => {
  it('Slack: no field carries an unescaped <, > or & from content, the top-level text included', () => {
    const body = slackBody(message) as { text: string };
    expect(body.text).not.toContain('<!channel>');
    for (const text of strings(body)) {
      // The one link Slack shows is Statusmark's own, to the update.
      const own = text.replace(`<${message.url}|`, '');
      expect(own).not.toMatch(/<[!@#]|<https?:/);
    }
  });

  it('Discord: no mention, link or formatting survives in the title, text or fields', () => {
    const body = discordBody(message) as {
      allowed_mentions: unknown;
      embeds: { footer: { text: string } }[];
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const [embed] = body.embeds;
    const { footer, ...shown } = embed ?? { footer: { text: '' } };
    for (const text of strings(shown)) {
      expect(text).not.toMatch(/<@\d|@everyone|(?<!\\)\[login(?<!\\)\]|(?<!\\)\*\*/);
    }
    // A footer shows no Markdown; only its mentions need breaking.
    expect(footer.text).not.toMatch(/<@\d|@everyone/);
  });

  it('Teams: the card title, facts and text hold no live Markdown link or emphasis', () => {
    // Button titles (Action.OpenUrl) are plain labels; TextBlocks and facts read Markdown.
    const card = teamsBody(message) as { attachments: { content: { body: unknown } }[] };
    const texts = strings(card.attachments[0]?.content.body).filter((text) =>
      text.includes('login'),
    );
    expect(texts.length).toBeGreaterThanOrEqual(3);
    for (const text of texts) {
      expect(text).not.toMatch(/(?<!\\)\[login(?<!\\)\]\((?!\\)/);
      expect(text).not.toMatch(/(?<!\\)\*(?<!\\)\*bold/);
    }
  });

  it('GitHub: no mention, entity or link from content', () => {
    const comment = githubComment(message);
    expect(comment).not.toMatch(/(?<!\\)\[login/);
    expect(comment).not.toMatch(/@everyone|@team/);
    expect(comment).not.toContain('&#64;');
  });
});
