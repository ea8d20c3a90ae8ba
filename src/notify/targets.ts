import { createHmac } from 'node:crypto';
import type { Channel, NotificationsConfig, TargetConfig } from '../schema/notifications.ts';

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

export class Target {
  readonly id: string;
  readonly channel: Channel;
  readonly components: readonly string[] | null;
  readonly recipients: readonly Recipient[];
  readonly config: TargetConfig;
  readonly #secrets: ReadonlyMap<string, string>;
  readonly #addresses: ReadonlyMap<string, string>;

  constructor(
    config: TargetConfig,
    secrets: ReadonlyMap<string, string>,
    recipients: readonly (Recipient & { address?: string })[],
  ) {
    this.id = config.id;
    this.channel = config.channel;
    this.components = config.components ?? null;
    this.config = config;
    this.#secrets = secrets;
    this.recipients = recipients.map(({ id, components }) => ({ id, components }));
    this.#addresses = new Map(
      recipients.flatMap((recipient) =>
        recipient.address === undefined ? [] : [[recipient.id, recipient.address] as const],
      ),
    );
  }

  /** A secret value by its role (`url`, `secret`, `smtp`, `from`); only channel adapters call this. */
  secret(role: string): string {
    const value = this.#secrets.get(role);
    if (value === undefined) throw new Error(`Target ${this.id} has no ${role}.`);
    return value;
  }

  /** The email address behind a recipient id; only the email adapter calls this. */
  address(recipient: string): string {
    const value = this.#addresses.get(recipient);
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

/**
 * Reads every target's secrets from `env`. A missing variable is an error naming the variable
 * and the target (never its value). Email lists are parsed here, and each address gets an id
 * from an HMAC with the ledger key, so the public ledger never holds an address or a plain hash
 * of one that could be guessed.
 */
export async function resolveTargets(
  config: NotificationsConfig,
  env: NodeJS.ProcessEnv,
  fetchText: FetchText = fetchList,
): Promise<Target[]> {
  const targets: Target[] = [];
  for (const target of config.targets)
    targets.push(await resolveTarget(config, target, env, fetchText));
  return targets;
}

/** One target with its secrets; a TargetSetupError names the first variable that is missing. */
export async function resolveTarget(
  config: NotificationsConfig,
  target: TargetConfig,
  env: NodeJS.ProcessEnv,
  fetchText: FetchText = fetchList,
): Promise<Target> {
  const need = (name: string) => requireEnv(env, target, name);
  const single = [{ id: '', components: null }];
  switch (target.channel) {
    case 'webhook':
      return new Target(
        target,
        new Map([
          ['url', need(target.url_env)],
          ['secret', need(target.secret_env)],
        ]),
        single,
      );
    case 'slack':
    case 'discord':
    case 'teams':
      return new Target(target, new Map([['url', need(target.url_env)]]), single);
    case 'github':
      return new Target(target, new Map(), single);
    case 'email': {
      const key = need(config.ledger_key_env);
      const recipients = (await readSubscribers(target, env, fetchText)).map((subscriber) => ({
        ...subscriber,
        id: createHmac('sha256', key)
          .update(subscriber.address.toLowerCase())
          .digest('hex')
          .slice(0, 20),
      }));
      return new Target(
        target,
        new Map([
          ['smtp', need(target.smtp_env)],
          ['from', need(target.from_env)],
        ]),
        recipients,
      );
    }
  }
}

/**
 * An email target's subscribers, from the list in its `subscribers_env` secret or behind the
 * private URL that secret holds. Only the list is needed: the forecast counts with it alone.
 */
export async function readSubscribers(
  target: Extract<TargetConfig, { channel: 'email' }>,
  env: NodeJS.ProcessEnv,
  fetchText: FetchText = fetchList,
): Promise<{ address: string; components: string[] | null }[]> {
  const source = requireEnv(env, target, target.subscribers_env).trim();
  const token =
    target.subscribers_token_env === undefined
      ? undefined
      : requireEnv(env, target, target.subscribers_token_env);
  const list = source.startsWith('https://') ? await fetchText(source, token) : source;
  return parseSubscribers(list, target.id);
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
