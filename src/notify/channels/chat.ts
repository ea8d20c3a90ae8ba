import type { NotificationMessage } from '../message.ts';
import { trimTo } from '../message.ts';

/**
 * Slack, Discord and Microsoft Teams bodies. Each channel has one escape function, applied to
 * every field that holds text from content or config (titles, messages, component and site
 * names), so an update cannot ping a channel, mention everyone or inject a link; then each
 * field is trimmed to the platform's limits.
 */

const COLOURS: Readonly<Record<string, number>> = {
  investigating: 0xd93025,
  identified: 0xe37400,
  monitoring: 0x1a73e8,
  resolved: 0x188038,
  scheduled: 0x5f6368,
  in_progress: 0x1a73e8,
  verifying: 0x1a73e8,
  completed: 0x188038,
};

function componentsLine(message: NotificationMessage): string {
  return message.components.map((component) => `${component.name}: ${component.label}`).join(', ');
}

/**
 * Slack treats `&`, `<` and `>` as markup in every text it formats, including the top-level
 * `text` of a message (`<!channel>` pings everyone, `<https://…|login>` is a link): escaped.
 */
export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

// Slack: a header block holds at most 150 characters, a section text 3,000.
export function slackBody(message: NotificationMessage): object {
  const facts = [
    `*${message.statusLabel}* · ${slackEscape(message.timeText)}`,
    ...(message.impactLabel ? [message.impactLabel] : []),
  ].join(' · ');
  const components = componentsLine(message);
  return {
    text: trimTo(slackEscape(`${message.headline}: ${message.text}`), 3000),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: trimTo(slackEscape(message.title), 150) },
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: trimTo(`${facts}\n${slackEscape(message.text)}`, 3000) },
      },
      ...(components
        ? [
            {
              type: 'context',
              elements: [{ type: 'mrkdwn', text: trimTo(slackEscape(components), 3000) }],
            },
          ]
        : []),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `<${message.url}|View on ${slackEscape(trimTo(message.siteName, 100))}>`,
          },
        ],
      },
    ],
    unfurl_links: false,
  };
}

/**
 * Discord Markdown: its markup characters are backslash-escaped, and `@` and `<` (mentions such
 * as `<@123>`, custom emoji, timestamps) are followed by a zero-width space; `allowed_mentions`
 * keeps any mention from pinging as well.
 */
export function discordEscape(text: string): string {
  return text
    .replace(/[\\*_~`|>#[\]()-]/g, (character) => `\\${character}`)
    .replace(/[@<]/g, (character) => `${character}\u200b`);
}

// Discord: content ≤ 2,000 characters; an embed title ≤ 256, description ≤ 4,096, a field
// value ≤ 1,024, and all embed text together ≤ 6,000.
export function discordBody(message: NotificationMessage): object {
  const components = componentsLine(message);
  return {
    // Mentions in the text stay text: no user, role or @everyone is pinged.
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: trimTo(discordEscape(message.title), 256),
        url: message.url,
        description: trimTo(discordEscape(message.text), 4000),
        color: COLOURS[message.status] ?? 0x5f6368,
        timestamp: message.time,
        fields: [
          { name: 'Status', value: message.statusLabel, inline: true },
          ...(message.impactLabel
            ? [{ name: 'Impact', value: message.impactLabel, inline: true }]
            : []),
          ...(components
            ? [{ name: 'Components', value: trimTo(discordEscape(components), 1024) }]
            : []),
        ],
        // A footer shows no Markdown, but Discord still resolves mentions in it.
        footer: {
          text: trimTo(
            message.siteName.replace(/[@<]/g, (c) => `${c}\u200b`),
            200,
          ),
        },
      },
    ],
  };
}

/**
 * Adaptive Card TextBlocks and FactSet values read a subset of Markdown (emphasis, lists and
 * `[text](url)` links): the characters that start them are backslash-escaped, so text stays
 * literal and no link can be made.
 */
export function teamsEscape(text: string): string {
  return text.replace(/[\\`*_[\]()<>#~]/g, (character) => `\\${character}`);
}

// Teams (Workflows): an Adaptive Card in a message; Teams refuses messages over about 28 KB.
export function teamsBody(message: NotificationMessage): object {
  const facts = [
    { title: 'Status', value: message.statusLabel },
    ...(message.impactLabel ? [{ title: 'Impact', value: message.impactLabel }] : []),
    { title: 'Time', value: message.timeText },
    ...(message.components.length > 0
      ? [{ title: 'Components', value: trimTo(teamsEscape(componentsLine(message)), 1000) }]
      : []),
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            {
              type: 'TextBlock',
              text: trimTo(teamsEscape(message.title), 200),
              weight: 'Bolder',
              size: 'Medium',
              wrap: true,
            },
            { type: 'FactSet', facts },
            { type: 'TextBlock', text: trimTo(teamsEscape(message.text), 8000), wrap: true },
          ],
          actions: [
            {
              type: 'Action.OpenUrl',
              title: `View on ${trimTo(message.siteName, 60)}`,
              url: message.url,
            },
          ],
        },
      },
    ],
  };
}
