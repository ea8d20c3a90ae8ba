import { Webhook } from 'standardwebhooks';
import type { NotificationMessage } from '../message.ts';
import type { NotificationEvent } from '../events.ts';
import { isoTime as iso } from '../../render/format.ts';
import { postJson } from './http.ts';

/**
 * Standard Webhooks: the body is signed with the target's `whsec_` secret, and `webhook-id` is
 * the delivery key, so a receiver that stores ids drops a repeated delivery. The body follows
 * Statuspage's webhook (`meta`, `page`, `incident` with `incident_updates`, newest first) so
 * receivers written for Statuspage read it unchanged.
 */
export function webhookBody(
  message: NotificationMessage,
  event: NotificationEvent,
  key: string,
  organization: string,
  links: { readonly unsubscribe: string; readonly manage: string | null } = {
    unsubscribe: message.subscribeUrl,
    manage: null,
  },
): object {
  const { entry } = event;
  const posted = entry.updates.filter((update) => update.time <= event.update.time);
  const resolved = message.final ? message.time : null;
  return {
    meta: { unsubscribe: links.unsubscribe, documentation: `${message.siteUrl}v1/openapi.json` },
    page: { id: organization, name: message.siteName, url: message.siteUrl },
    incident: {
      id: entry.id,
      name: entry.title,
      status: message.status,
      impact: message.impact ?? 'maintenance',
      created_at: iso(posted[0]?.time ?? event.update.time),
      updated_at: iso(event.update.time),
      resolved_at: resolved,
      shortlink: message.url.replace(/#.*$/, ''),
      scheduled_for: entry.kind === 'maintenance' ? iso(entry.scheduledFor) : null,
      scheduled_until: entry.kind === 'maintenance' ? iso(entry.scheduledUntil) : null,
      components: message.components.map((component) => ({
        id: component.id,
        name: component.name,
        status: component.status,
      })),
      incident_updates: posted
        .map((update) => ({
          id: `${entry.id}-${update.at}`,
          incident_id: entry.id,
          status: update.status,
          body: update.message.text,
          created_at: iso(update.time),
          display_at: iso(update.time),
        }))
        .reverse(),
    },
    statusmark: {
      key,
      kind: entry.kind,
      update_at: message.time,
      ...(links.manage === null ? {} : { manage: links.manage }),
    },
  };
}

export async function sendWebhook(
  url: string,
  secret: string,
  key: string,
  body: object,
  timeoutMs: number,
): Promise<void> {
  const payload = JSON.stringify(body);
  const timestamp = new Date();
  const signature = new Webhook(secret).sign(key, timestamp, payload);
  await postJson(
    url,
    payload,
    {
      'webhook-id': key,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    timeoutMs,
  );
}
