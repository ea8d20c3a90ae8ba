import nodemailer from 'nodemailer';
import type { NotificationEvent } from '../events.ts';
import type { NotificationMessage } from '../message.ts';
import { DeliveryError } from './http.ts';
import { escapeHtml } from '../../render/html-text.ts';

/**
 * Email over SMTP (nodemailer, pooled connections). Every update of one incident lands in one
 * thread: the first update's Message-ID is the thread's root and later ones reply to it.
 */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly thread: string;
  readonly unsubscribe: string;
  readonly oneClick: boolean;
}

/** Where a recipient stops or changes their mails. */
export interface RecipientLinks {
  /** A signed link of the subscription service, or the site's /subscribe/ page. */
  readonly unsubscribe: string;
  /** The subscription service's manage page, for its subscribers. */
  readonly manage: string | null;
  /** The unsubscribe link takes RFC 8058's one-click POST (the service's links do). */
  readonly oneClick: boolean;
}

export function emailContent(
  message: NotificationMessage,
  event: NotificationEvent,
  links: RecipientLinks = { unsubscribe: message.subscribeUrl, manage: null, oneClick: false },
): EmailContent {
  const host = new URL(message.siteUrl).hostname;
  const root = `<${event.key.split('.')[0] ?? event.key}.${message.entryId}@${host}>`;
  const components = message.components.map((c) => `${c.name}: ${c.label}`).join('\n');
  const facts = [message.statusLabel, message.impactLabel, message.timeText]
    .filter(Boolean)
    .join(' · ');
  const text = [
    message.title,
    facts,
    '',
    message.text,
    ...(components ? ['', components] : []),
    '',
    `Details: ${message.url}`,
    '',
    `You receive this because you subscribed to ${message.siteName}. Unsubscribe: ${links.unsubscribe}`,
    ...(links.manage === null ? [] : [`Choose components or download your data: ${links.manage}`]),
  ].join('\n');
  const manage =
    links.manage === null
      ? ''
      : ` <a href="${escapeHtml(links.manage)}">Choose components or download your data</a>.`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328">
<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(message.title)}</h1>
<p style="margin:0 0 16px;color:#59636e">${escapeHtml(facts)}</p>
${message.html}
${components ? `<p style="color:#59636e">${components.split('\n').map(escapeHtml).join('<br>')}</p>` : ''}
<p><a href="${escapeHtml(message.url)}">Read it on ${escapeHtml(message.siteName)}</a></p>
<p style="font-size:12px;color:#59636e">You receive this because you subscribed to ${escapeHtml(message.siteName)}. <a href="${escapeHtml(links.unsubscribe)}">Unsubscribe</a>.${manage}</p>
</body></html>`;
  return {
    subject: `[${message.siteName}] ${message.headline}`,
    text,
    html,
    messageId: message.first ? root : `<${event.key}@${host}>`,
    thread: root,
    unsubscribe: links.unsubscribe,
    oneClick: links.oneClick,
  };
}

/** The headers every mail carries, whichever transport sends it. */
export function emailHeaders(content: EmailContent, key: string): Record<string, string> {
  return {
    'X-Statusmark-Key': key,
    'Auto-Submitted': 'auto-generated',
    'List-Unsubscribe': `<${content.unsubscribe}>`,
    // RFC 8058: only a link that takes the one-click POST may say so.
    ...(content.oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    ...(content.messageId === content.thread
      ? {}
      : { 'In-Reply-To': content.thread, References: content.thread }),
  };
}

export interface EmailSender {
  send(to: string, content: EmailContent, key: string): Promise<void>;
  close(): void;
}

export function emailSender(
  smtpUrl: string,
  from: string,
  timeoutMs: number,
  connections: number,
): EmailSender {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: connections,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Never log: nodemailer's logger would print addresses.
    logger: false,
  });
  return {
    async send(to, content, key) {
      try {
        await transport.sendMail({
          from,
          to,
          subject: content.subject,
          text: content.text,
          html: content.html,
          messageId: content.messageId,
          ...(content.messageId === content.thread
            ? {}
            : { inReplyTo: content.thread, references: [content.thread] }),
          list: { unsubscribe: { url: content.unsubscribe, comment: 'Unsubscribe' } },
          headers: {
            'X-Statusmark-Key': key,
            'Auto-Submitted': 'auto-generated',
            ...(content.oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
          },
        });
      } catch (error) {
        throw smtpError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

/**
 * An SMTP failure without the server's text, which often repeats the recipient's address:
 * 5xx replies are permanent (no such mailbox), 4xx and connection failures are retried.
 */
function smtpError(error: unknown): DeliveryError {
  const details = error as { responseCode?: unknown; code?: unknown };
  if (typeof details.responseCode === 'number') {
    return new DeliveryError(
      `the SMTP server answered ${details.responseCode}`,
      details.responseCode >= 500,
    );
  }
  const code = typeof details.code === 'string' ? details.code : 'error';
  // Refused before the message was handed over: connecting, DNS, login, the envelope.
  const notSent = ['ECONNECTION', 'EDNS', 'EAUTH', 'EENVELOPE', 'ETLS'].includes(code);
  return new DeliveryError(`the SMTP connection failed (${code})`, false, null, !notSent);
}
