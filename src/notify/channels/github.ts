import { escapeMarkdown } from '../../workflow/markdown-text.ts';
import type { NotificationMessage } from '../message.ts';
import { trimTo } from '../message.ts';

/** Marks the comment of one delivery: a repeated delivery finds it and posts nothing new. */
export function notificationMarker(key: string): string {
  return `<!-- statusmark:notification ${key} -->`;
}

/**
 * A comment on the configured issue: everyone watching the issue is notified by GitHub, and the
 * people and teams the incident names in `mentions` are @-mentioned. The update's own text is
 * escaped so it mentions no one by accident.
 */
export function githubComment(message: NotificationMessage): string {
  const facts = [message.statusLabel, message.impactLabel, message.timeText]
    .filter(Boolean)
    .join(' · ');
  const components = message.components
    .map((c) => `${escapeMarkdown(c.name)}: ${c.label}`)
    .join(', ');
  const mentions = message.mentions.map((name) => `@${name}`).join(' ');
  return [
    `### ${escapeMarkdown(message.title)}`,
    `**${facts}**`,
    // GitHub refuses comments over 65,536 characters; an update message is at most 4,096.
    escapeMarkdown(trimTo(message.text, 60_000)),
    ...(components ? [`Components: ${components}`] : []),
    `[Read it on ${escapeMarkdown(message.siteName)}](${message.url})${mentions ? `\n\ncc ${mentions}` : ''}`,
  ].join('\n\n');
}
