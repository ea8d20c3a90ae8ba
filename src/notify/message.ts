import type { EntryUpdate, SiteConfig } from '../domain/model.ts';
import type { ComponentStatus } from '../schema/common.ts';
import {
  absoluteUrl,
  COMPONENT_STATUS_LABEL,
  formatTime,
  IMPACT_LABEL,
  isoTime,
  STATUS_LABEL,
  updateAnchor,
} from '../render/format.ts';
import type { NotificationEvent } from './events.ts';

/**
 * Everything a channel needs to say about one update, in words already chosen. Channel adapters
 * only lay it out, escape it and trim it to their limits.
 */
export interface NotificationMessage {
  readonly siteName: string;
  readonly siteUrl: string;
  readonly kind: 'incident' | 'maintenance';
  readonly entryId: string;
  readonly title: string;
  readonly status: string;
  readonly statusLabel: string;
  /** `Major impact`, or null for maintenance. */
  readonly impactLabel: string | null;
  readonly impact: string | null;
  /** `23 Nov 2026, 09:12 UTC` in the site's zone. */
  readonly timeText: string;
  /** ISO 8601 in UTC. */
  readonly time: string;
  /** The update's message: plain text, Markdown as written, and sanitised HTML. */
  readonly text: string;
  readonly markdown: string;
  readonly html: string;
  /** The update on the incident page. */
  readonly url: string;
  readonly subscribeUrl: string;
  readonly components: readonly {
    id: string;
    name: string;
    status: ComponentStatus;
    label: string;
  }[];
  readonly first: boolean;
  readonly final: boolean;
  readonly mentions: readonly string[];
  /** `[Investigating] Elevated API error rates`: a subject line for email and chat previews. */
  readonly headline: string;
}

export function notificationMessage(
  event: NotificationEvent,
  config: SiteConfig,
  componentNames: ReadonlyMap<string, string>,
): NotificationMessage {
  const { entry, update } = event;
  const index = (entry.updates as readonly EntryUpdate[]).indexOf(update);
  const statuses: Record<string, ComponentStatus> = {};
  if (entry.kind === 'incident') {
    Object.assign(statuses, 'components' in update ? update.components : entry.components);
  } else {
    for (const id of entry.components) statuses[id] = 'under_maintenance';
  }
  const final = update.status === 'resolved' || update.status === 'completed';
  if (final) for (const id of Object.keys(statuses)) statuses[id] = 'operational';
  const statusLabel = STATUS_LABEL[update.status];
  const page = absoluteUrl(
    config,
    entry.kind === 'incident' ? `incidents/${entry.id}/` : `maintenance/${entry.id}/`,
  );
  return {
    siteName: config.name,
    siteUrl: absoluteUrl(config, ''),
    kind: entry.kind,
    entryId: entry.id,
    title: entry.title,
    status: update.status,
    statusLabel,
    impact: entry.kind === 'incident' ? entry.impact : null,
    impactLabel: entry.kind === 'incident' ? IMPACT_LABEL[entry.impact] : null,
    timeText: formatTime(update.time, config.time_zone),
    time: isoTime(update.time),
    text: update.message.text,
    markdown: update.message.markdown,
    html: update.message.html,
    url: `${page}#${updateAnchor(update.time)}`,
    subscribeUrl: absoluteUrl(config, 'subscribe/'),
    components: Object.entries(statuses).map(([id, status]) => ({
      id,
      name: componentNames.get(id) ?? id,
      status,
      label: COMPONENT_STATUS_LABEL[status],
    })),
    first: index === 0,
    final,
    mentions: entry.mentions,
    headline: `[${statusLabel}] ${entry.title}`,
  };
}

/** Cuts text to `limit` characters at a word, marking the cut with an ellipsis. */
export function trimTo(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > limit * 0.6 ? cut.slice(0, space) : cut}…`;
}
