import { createHmac } from 'node:crypto';
import type { Channel, NotificationsConfig, TargetConfig } from '../schema/notifications.ts';
import { readServiceSubscribers } from './service-subscribers.ts';

/**
 * Notification targets with their secrets, read from the environment. Secrets live in private
 * fields: printing, logging or serialising a target shows its id and channel only.
 */
export interface Recipient {
  /** Empty for a target with one receiver; for email, an opaque id of the address. */
  readonly id: string;
  /** Component ids this recipient follows (email lines can narrow the target's filter). */
  readonly components: readonly string[] | null;
}

/** What only the channel adapter may read about one recipient. */
export interface RecipientDetails {
  /** The email address, or a registered webhook's URL. */
  readonly address: string;
  /** A webhook subscriber's own signing secret. */
  readonly secret?: string;
  /** The subscription service's signed links for this recipient. */
  readonly unsubscribeUrl?: string;
  readonly manageUrl?: string;
}

export class Target {
  readonly id: string;
  readonly channel: Channel;
  readonly components: readonly string[] | null;
  readonly recipients: readonly Recipient[];
  readonly config: TargetConfig;
  readonly #secrets: ReadonlyMap<string, string>;
  readonly #details: ReadonlyMap<string, RecipientDetails>;

  constructor(
    config: TargetConfig,
    secrets: ReadonlyMap<string, string>,
    recipients: readonly (Recipient & { details?: RecipientDetails })[],
  ) {
    this.id = config.id;
    this.channel = config.channel;
    this.components = config.components ?? null;
    this.config = config;
    this.#secrets = secrets;
    this.recipients = recipients.map(({ id, components }) => ({ id, components }));
    this.#details = new Map(
      recipients.flatMap((recipient) =>
        recipient.details === undefined ? [] : [[recipient.id, recipient.details] as const],
      ),
    );
  }

  /** A secret value by its role (`url`, `secret`, `smtp`, `from`); only channel adapters call this. */
  secret(role: string): string {
    const value = this.#secrets.get(role);
    if (value === undefined) throw new Error(`Target ${this.id} has no ${role}.`);
    return value;
  }

  /** Whether the target holds a secret for `role`. */
  has(role: string): boolean {
    return this.#secrets.has(role);
  }

  /** The address (and links, and secret) behind a recipient id; only channel adapters call this. */
  details(recipient: string): RecipientDetails {
    const value = this.#details.get(recipient);
    if (value === undefined) throw new Error(`Target ${this.id} has no recipient ${recipient}.`);
    return value;
  }

  /** Whether this recipient of the target follows an event touching `components`. */
  follows(recipient: Recipient, components: readonly string[]): boolean {
    const filters = [this.components, recipient.components].filter(
      (filter): filter is readonly string[] => filter !== null,
    );
    return filters.every((filter) => components.some((id) => filter.includes(id)));
  }

  toJSON(): object {
    return { id: this.id, channel: this.channel };
  }

  toString(): string {
    return `${this.id} (${this.channel})`;
  }
}

export class TargetSetupError extends Error {
  override readonly name = 'TargetSetupError';
}

/** Where subscriber lists behind a URL are fetched from; tests pass their own. */
export type FetchText = (url: string, token: string | undefined) => Promise<string>;

/** Where subscribers come from besides the environment. */
export interface SubscriberSources {
  /** `subscriptions.url` of the site config: the subscription service, when there is one. */
  readonly serviceUrl?: string | undefined;
  readonly fetchText?: FetchText;
  readonly fetchService?: typeof fetch;
}

/**
 * Reads every target's secrets from `env`. A missing variable is an error naming the variable
 * and the target (never its value). Subscriber lists are read here, and each address gets an
 * id from an HMAC with the ledger key, so the public ledger never holds an address or a plain
 * hash of one that could be guessed.
 */
export async function resolveTargets(
  config: NotificationsConfig,
  env: NodeJS.ProcessEnv,
  sources: SubscriberSources = {},
): Promise<Target[]> {
  const targets: Target[] = [];
  for (const target of config.targets)
    targets.push(await resolveTarget(config, target, env, sources));
  return targets;
}

/**
 * One target with its secrets; a TargetSetupError names the first variable that is missing,
 * and a ServiceUnavailableError says the subscription service could not be read.
 */
export async function resolveTarget(
  config: NotificationsConfig,
  target: TargetConfig,
  env: NodeJS.ProcessEnv,
  sources: SubscriberSources = {},
): Promise<Target> {
  const need = (name: string) => requireEnv(env, target, name);
  const single = [{ id: '', components: null }];
  const idOf = (key: string, address: string) =>
    createHmac('sha256', key).update(address).digest('hex').slice(0, 20);
  switch (target.channel) {
    case 'webhook': {
      if (target.service_token_env === undefined) {
        return new Target(
          target,
          new Map([
            ['url', need(target.url_env ?? '')],
            ['secret', need(target.secret_env ?? '')],
          ]),
          single,
        );
      }
      const key = need(config.ledger_key_env);
      const hooks = await readServiceSubscribers(
        serviceUrlOf(sources, target),
        need(target.service_token_env),
        'webhook',
        sources.fetchService,
      );
      return new Target(
        target,
        new Map(),
        hooks.map((hook) => ({
          id: idOf(key, `webhook:${hook.address}`),
          components: hook.components,
          details: {
            address: hook.address,
            ...(hook.secret ? { secret: hook.secret } : {}),
            unsubscribeUrl: hook.unsubscribe_url,
            manageUrl: hook.manage_url,
          },
        })),
      );
    }
    case 'slack':
    case 'discord':
    case 'teams':
      return new Target(target, new Map([['url', need(target.url_env)]]), single);
    case 'github':
      return new Target(target, new Map(), single);
    case 'email': {
      const key = need(config.ledger_key_env);
      const transport: [string, string] =
        target.email_api_env === undefined
          ? ['smtp', need(target.smtp_env ?? '')]
          : ['email_api', need(target.email_api_env)];
      const from = need(target.from_env);
      const recipients = (await readSubscribers(target, env, sources)).map((subscriber) => ({
        id: idOf(key, subscriber.address.toLowerCase()),
        components: subscriber.components,
        details: subscriber,
      }));
      return new Target(target, new Map([transport, ['from', from]]), recipients);
    }
  }
}

function serviceUrlOf(sources: SubscriberSources, target: TargetConfig): string {
  if (sources.serviceUrl === undefined) {
    throw new TargetSetupError(
      `The ${target.channel} target "${target.id}" reads the subscription service, but statusmark.yml has no subscriptions.url.`,
    );
  }
  return sources.serviceUrl;
}

/**
 * An email target's subscribers: the list in its `subscribers_env` secret (or behind the
 * private URL that secret holds), then the confirmed subscribers of the subscription service.
 * An address in both is mailed once. Only the subscribers are needed: the forecast counts
 * with them alone.
 */
export async function readSubscribers(
  target: Extract<TargetConfig, { channel: 'email' }>,
  env: NodeJS.ProcessEnv,
  sources: SubscriberSources = {},
): Promise<(RecipientDetails & { components: string[] | null })[]> {
  const subscribers: (RecipientDetails & { components: string[] | null })[] = [];
  if (target.subscribers_env !== undefined) {
    const source = requireEnv(env, target, target.subscribers_env).trim();
    const token =
      target.subscribers_token_env === undefined
        ? undefined
        : requireEnv(env, target, target.subscribers_token_env);
    const list = source.startsWith('https://')
      ? await (sources.fetchText ?? fetchList)(source, token)
      : source;
    subscribers.push(...parseSubscribers(list, target.id));
  }
  if (target.service_token_env !== undefined) {
    const token = requireEnv(env, target, target.service_token_env);
    const seen = new Set(subscribers.map((subscriber) => subscriber.address.toLowerCase()));
    for (const subscriber of await readServiceSubscribers(
      serviceUrlOf(sources, target),
      token,
      'email',
      sources.fetchService,
    )) {
      if (seen.has(subscriber.address.toLowerCase())) continue;
      seen.add(subscriber.address.toLowerCase());
      subscribers.push({
        address: subscriber.address,
        components: subscriber.components,
        unsubscribeUrl: subscriber.unsubscribe_url,
        manageUrl: subscriber.manage_url,
      });
    }
  }
  return subscribers;
}

/** A variable's value; a TargetSetupError names the variable and the target, never a value. */
function requireEnv(env: NodeJS.ProcessEnv, target: TargetConfig, name: string): string {
  const value = env[name];
  if (!value) {
    throw new TargetSetupError(
      `The environment variable ${name} (for the ${target.channel} target "${target.id}") is ` +
        'not set. Add it as a repository secret and pass it to the notify step in env:.',
    );
  }
  return value;
}

/** `address [component …]` per line; blank lines and `#` comments are skipped. */
function parseSubscribers(
  list: string,
  target: string,
): { address: string; components: string[] | null }[] {
  const seen = new Set<string>();
  const subscribers: { address: string; components: string[] | null }[] = [];
  list.split(/\r?\n/).forEach((line, index) => {
    const [address, ...components] = line
      .replace(/#.*/, '')
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean);
    if (address === undefined) return;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      // The line is not printed: it may hold an address with a typo.
      throw new TargetSetupError(
        `Line ${index + 1} of the subscriber list of "${target}" does not start with an email address.`,
      );
    }
    if (seen.has(address.toLowerCase())) return;
    seen.add(address.toLowerCase());
    subscribers.push({ address, components: components.length > 0 ? components : null });
  });
  return subscribers;
}

async function fetchList(url: string, token: string | undefined): Promise<string> {
  const response = await fetch(url, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    throw new TargetSetupError(`The subscriber list URL answered ${response.status}.`);
  }
  return response.text();
}
