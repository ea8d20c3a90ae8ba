import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { onTestFinished } from 'vitest';

/**
 * Real receivers on loopback, as the channels' services behave: a Standard Webhooks receiver
 * that verifies every signature, and Slack, Discord and Teams incoming-webhook endpoints that
 * check the shape of what they receive. Faults are scripted per path.
 */

export interface Received {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
  /** For /webhook: whether the Standard Webhooks signature verified. */
  readonly verified: boolean;
}

export type Answer =
  { readonly status: number; readonly headers?: Record<string, string> } | { readonly hang: true };

export interface Receivers {
  readonly url: string;
  readonly received: Received[];
  /** The next answers for a path, in order; once used up, the path answers 204/200. */
  script(path: string, answers: readonly Answer[]): void;
  /** Called for each request after it is recorded and before it is answered. */
  onRequest?: ((received: Received) => void) | undefined;
  /** Requests per path: `/webhook` → bodies. */
  of(path: string): Received[];
  /** Stops listening (also done when the test ends). */
  stop(): Promise<void>;
}

export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

export async function startReceivers(port = 0): Promise<Receivers> {
  const received: Received[] = [];
  const scripts = new Map<string, Answer[]>();
  const verifier = new Webhook(WEBHOOK_SECRET);
  const receivers: Receivers = {
    url: '',
    received,
    script: (path, answers) => scripts.set(path, [...answers]),
    of: (path) => received.filter((request) => request.path === path),
    stop: () => stop(),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = new URL(request.url ?? '/', 'http://receiver').pathname;
      let verified = false;
      if (path === '/webhook') {
        try {
          verifier.verify(text, request.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
      }
      const entry: Received = {
        path,
        headers: request.headers,
        body: JSON.parse(text) as Record<string, unknown>,
        verified,
      };
      received.push(entry);
      receivers.onRequest?.(entry);
      // Like the real services, a payload of the wrong shape is refused with 400.
      if (!wellFormed(path, entry.body)) {
        response.writeHead(400).end('invalid_payload');
        return;
      }
      const answer = scripts.get(path)?.shift();
      if (answer && 'hang' in answer) return; // never answered: the sender's timeout must fire
      const status = answer?.status ?? (path === '/teams' ? 202 : path === '/webhook' ? 204 : 200);
      response.writeHead(status, answer?.headers ?? {});
      response.end(path === '/slack' && status === 200 ? 'ok' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    });
  onTestFinished(stop);
  (receivers as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receivers;
}

export interface Mailbox {
  readonly port: number;
  readonly mails: ParsedMail[];
  /** Recipients of each accepted message, in order. */
  readonly envelopes: string[][];
  /** Answers the next RCPT TO commands with these SMTP codes (e.g. 451, 550). */
  rejectNext(codes: readonly number[]): void;
  /** Called for each accepted message, before the server answers the DATA command. */
  onMail?: ((mail: ParsedMail) => void) | undefined;
}

/** A real SMTP server (smtp-server) on loopback that accepts and parses every message. */
export async function startMailbox(): Promise<Mailbox> {
  const mails: ParsedMail[] = [];
  const envelopes: string[][] = [];
  const rejections: number[] = [];
  // The mailbox object is made after the server starts; its hook is read at each message.
  const box: { current?: Mailbox } = {};
  const server = new SMTPServer({
    authOptional: true,
    // Loopback only: the password travels in clear text, as it would not on a real server.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    logger: false,
    onRcptTo(_address, _session, callback) {
      const code = rejections.shift();
      if (code === undefined) {
        callback();
        return;
      }
      const error = new Error(code >= 500 ? 'No such user here' : 'Try again later') as Error & {
        responseCode: number;
      };
      error.responseCode = code;
      callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          envelopes.push(session.envelope.rcptTo.map((rcpt) => rcpt.address));
          box.current?.onMail?.(mail);
          callback();
        })
        .catch(callback);
    },
  });
  // A client killed mid-message resets its connection: that is the client's fault, not ours.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  );
  const port = (server.server.address() as AddressInfo).port;
  box.current = { port, mails, envelopes, rejectNext: (codes) => rejections.push(...codes) };
  return box.current;
}

/** The shape each service requires of an incoming-webhook body. */
function wellFormed(path: string, body: Record<string, unknown>): boolean {
  switch (path) {
    case '/slack':
      return (
        typeof body.text === 'string' && Array.isArray(body.blocks) && body.blocks.length <= 50
      );
    case '/discord': {
      const embeds = body.embeds;
      const mentions = body.allowed_mentions as { parse?: unknown } | undefined;
      return (
        Array.isArray(embeds) &&
        embeds.length <= 10 &&
        Array.isArray(mentions?.parse) &&
        mentions.parse.length === 0 &&
        JSON.stringify(embeds).length < 6000 + 2000
      );
    }
    case '/teams': {
      const attachments = body.attachments as
        { contentType?: unknown; content?: { type?: unknown } }[] | undefined;
      return (
        body.type === 'message' &&
        attachments?.[0]?.contentType === 'application/vnd.microsoft.card.adaptive' &&
        attachments[0].content?.type === 'AdaptiveCard'
      );
    }
    default:
      return true;
  }
}
