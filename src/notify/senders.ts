import type { SiteContent } from '../domain/model.ts';
import type { GitHub } from '../github/client.ts';
import { emailContent, emailSender, type EmailSender } from './channels/email.ts';
import { githubComment, notificationMarker } from './channels/github.ts';
import { DeliveryError, postJson } from './channels/http.ts';
import { discordBody, slackBody, teamsBody } from './channels/chat.ts';
import { sendWebhook, webhookBody } from './channels/webhook.ts';
import { CONCURRENCY } from './deliver.ts';
import type { NotificationEvent } from './events.ts';
import { notificationMessage, type NotificationMessage } from './message.ts';
import type { Delivery } from './plan.ts';

export interface Senders {
  send(delivery: Delivery): Promise<void>;
  close(): void;
}

/** Sends a delivery through its target's channel; messages are composed once per event. */
export function channelSenders(
  content: SiteContent,
  github: GitHub | null,
  timeoutMs: number,
): Senders {
  const names = new Map(content.components.map((component) => [component.id, component.name]));
  const messages = new Map<string, NotificationMessage>();
  const messageOf = (event: NotificationEvent) => {
    let message = messages.get(event.key);
    if (!message) {
      message = notificationMessage(event, content.config, names);
      messages.set(event.key, message);
    }
    return message;
  };
  const mailers = new Map<string, EmailSender>();

  return {
    async send(delivery) {
      const { target, event, key } = delivery;
      const message = messageOf(event);
      switch (target.channel) {
        case 'webhook':
          return sendWebhook(
            target.secret('url'),
            target.secret('secret'),
            key,
            webhookBody(message, event, key, content.config.organization_id),
            timeoutMs,
          );
        case 'slack':
          return postJson(target.secret('url'), JSON.stringify(slackBody(message)), {}, timeoutMs);
        case 'discord':
          return postJson(
            target.secret('url'),
            JSON.stringify(discordBody(message)),
            {},
            timeoutMs,
          );
        case 'teams':
          return postJson(target.secret('url'), JSON.stringify(teamsBody(message)), {}, timeoutMs);
        case 'email': {
          let mailer = mailers.get(target.id);
          if (!mailer) {
            mailer = emailSender(
              target.secret('smtp'),
              target.secret('from'),
              timeoutMs,
              CONCURRENCY.email,
            );
            mailers.set(target.id, mailer);
          }
          return mailer.send(
            target.address(delivery.recipient.id),
            emailContent(message, event),
            key,
          );
        }
        case 'github': {
          if (!github)
            throw new DeliveryError('no GitHub token was given to the notify step', true);
          if (target.config.channel !== 'github') return;
          const { issue, discussion } = target.config;
          const marker = notificationMarker(key);
          const body = githubComment(message);
          try {
            if (discussion !== undefined) {
              await github.upsertDiscussionComment(discussion, marker, body);
            } else if (issue !== undefined) {
              await github.upsertComment(issue, marker, body);
            }
          } catch (error) {
            throw new DeliveryError(
              error instanceof Error ? error.message : 'GitHub failed',
              false,
            );
          }
          return;
        }
      }
    },
    close() {
      for (const mailer of mailers.values()) mailer.close();
    },
  };
}
