import type { SiteContent } from '../domain/model.ts';
import type { GitHub } from '../github/client.ts';
import { discordBody, slackBody, teamsBody } from './channels/chat.ts';
import { EMAIL_API, emailApiSender, type EmailApiSender } from './channels/email-api.ts';
import { emailContent, emailSender, type EmailSender } from './channels/email.ts';
import { githubComment, notificationMarker } from './channels/github.ts';
import { DeliveryError, postJson } from './channels/http.ts';
import { sendWebhook, webhookBody } from './channels/webhook.ts';
import { CONCURRENCY } from './deliver.ts';
import type { NotificationEvent } from './events.ts';
import { notificationMessage, type NotificationMessage } from './message.ts';
import type { Delivery } from './plan.ts';
import type { Target } from './targets.ts';

export interface Senders {
  /** How many of a target's deliveries go in one request: an email API batch, else 1. */
  groupSize(target: Target): number;
  /** Sends one group of a target's deliveries; the map holds those that failed, with why. */
  send(group: readonly Delivery[]): Promise<ReadonlyMap<Delivery, unknown>>;
  close(): void;
}

/** Whether a target mails through an email API (batches) rather than SMTP. */
export function usesEmailApi(target: Target): boolean {
  return target.channel === 'email' && target.has('email_api');
}

/** Sends deliveries through their target's channel; messages are composed once per event. */
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
  const apis = new Map<string, EmailApiSender>();
  /** The recipient's own address and links, for a target with a list of recipients. */
  const recipientOf = (delivery: Delivery, message: NotificationMessage) => {
    const details = delivery.target.details(delivery.recipient.id);
    return {
      details,
      links: {
        unsubscribe: details.unsubscribeUrl ?? message.subscribeUrl,
        manage: details.manageUrl ?? null,
        oneClick: details.unsubscribeUrl !== undefined,
      },
    };
  };

  const sendOne = async (delivery: Delivery): Promise<void> => {
    const { target, event, key } = delivery;
    const message = messageOf(event);
    switch (target.channel) {
      case 'webhook': {
        const organization = content.config.organization_id;
        if (delivery.recipient.id === '') {
          return sendWebhook(
            target.secret('url'),
            target.secret('secret'),
            key,
            webhookBody(message, event, key, organization),
            timeoutMs,
          );
        }
        const { details, links } = recipientOf(delivery, message);
        if (details.secret === undefined) {
          throw new DeliveryError('the subscriber has no signing secret', true);
        }
        return sendWebhook(
          details.address,
          details.secret,
          key,
          webhookBody(message, event, key, organization, links),
          timeoutMs,
        );
      }
      case 'slack':
        return postJson(target.secret('url'), JSON.stringify(slackBody(message)), {}, timeoutMs);
      case 'discord':
        return postJson(target.secret('url'), JSON.stringify(discordBody(message)), {}, timeoutMs);
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
        const { details, links } = recipientOf(delivery, message);
        return mailer.send(details.address, emailContent(message, event, links), key);
      }
      case 'github': {
        if (!github) throw new DeliveryError('no GitHub token was given to the notify step', true);
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
          throw new DeliveryError(error instanceof Error ? error.message : 'GitHub failed', false);
        }
        return;
      }
    }
  };

  const sendByApi = (target: Target, group: readonly Delivery[]) => {
    let api = apis.get(target.id);
    if (!api) {
      const url = target.config.channel === 'email' ? target.config.email_api_url : '';
      api = emailApiSender(url, target.secret('email_api'), target.secret('from'), timeoutMs);
      apis.set(target.id, api);
    }
    return api.send(
      group.map((delivery) => {
        const message = messageOf(delivery.event);
        const { details, links } = recipientOf(delivery, message);
        return {
          delivery,
          to: details.address,
          content: emailContent(message, delivery.event, links),
        };
      }),
    );
  };

  return {
    groupSize: (target) => (usesEmailApi(target) ? EMAIL_API.group : 1),
    async send(group) {
      const [first] = group;
      if (first === undefined) return new Map();
      if (usesEmailApi(first.target)) return sendByApi(first.target, group);
      const failures = new Map<Delivery, unknown>();
      for (const delivery of group) {
        try {
          await sendOne(delivery);
        } catch (error) {
          failures.set(delivery, error);
        }
      }
      return failures;
    },
    close() {
      for (const mailer of mailers.values()) mailer.close();
    },
  };
}
