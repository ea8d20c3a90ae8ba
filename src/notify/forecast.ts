import type { EntryUpdate, SiteContent } from '../domain/model.ts';
import type { Channel } from '../schema/notifications.ts';
import { freshEvents } from './events.ts';
import { plannedDeliveries } from './plan.ts';
import type { TargetConfig } from '../schema/notifications.ts';
import { readServiceSubscribers, ServiceUnavailableError } from './service-subscribers.ts';
import { readSubscribers, Target, TargetSetupError, type SubscriberSources } from './targets.ts';

/** One target an update would reach on merge. */
export interface Reach {
  readonly id: string;
  readonly channel: Channel;
  /**
   * How many messages: 1 for a webhook, chat or GitHub target, the following subscribers for
   * email, or null when the subscriber list cannot be read where the forecast runs.
   */
  readonly recipients: number | null;
}

export interface NotificationForecast {
  /** Whether the site has any notification target. */
  readonly setUp: boolean;
  /** The updates the change announces, by event identity (the same as notify's). */
  readonly fresh: ReadonlySet<EntryUpdate>;
  /** For each update asked about that would be announced, the targets it reaches. */
  readonly reach: ReadonlyMap<EntryUpdate, readonly Reach[]>;
}

/**
 * Who merging would notify of `updates`, planned exactly as `notify` plans (same events, same
 * component filters) but without any secret: only email subscriber lists are read, to count
 * them, and never named.
 */
export async function forecastNotifications(
  before: SiteContent | null,
  content: SiteContent,
  env: NodeJS.ProcessEnv,
  sources: SubscriberSources = { serviceUrl: content.config.subscriptions?.url },
): Promise<NotificationForecast> {
  const events = freshEvents(before, content, Number.POSITIVE_INFINITY);
  const single = [{ id: '', components: null }];
  const uncounted = new Set<string>();
  const targets: Target[] = [];
  for (const config of content.config.notifications.targets) {
    const listed =
      config.channel === 'email' ||
      (config.channel === 'webhook' && config.service_token_env !== undefined);
    if (!listed) {
      targets.push(new Target(config, new Map(), single));
      continue;
    }
    try {
      const subscribers = await countable(config, env, sources);
      const recipients = subscribers.map((components, index) => ({
        id: String(index),
        components,
      }));
      targets.push(new Target(config, new Map(), recipients));
    } catch (error) {
      if (!(error instanceof TargetSetupError) && !(error instanceof ServiceUnavailableError)) {
        throw error;
      }
      uncounted.add(config.id);
      targets.push(new Target(config, new Map(), single));
    }
  }
  const reach = new Map<EntryUpdate, Reach[]>();
  for (const delivery of plannedDeliveries(events, targets)) {
    const { target, event } = delivery;
    const list = reach.get(event.update) ?? [];
    reach.set(event.update, list);
    const known = list.find((entry) => entry.id === target.id);
    const counted = !uncounted.has(target.id);
    if (known) {
      list[list.indexOf(known)] = { ...known, recipients: (known.recipients ?? 0) + 1 };
    } else {
      list.push({ id: target.id, channel: target.channel, recipients: counted ? 1 : null });
    }
  }
  return {
    setUp: targets.length > 0,
    fresh: new Set(events.map((event) => event.update)),
    reach,
  };
}

/** The component choice of each subscriber of a listed target, and nothing else of theirs. */
async function countable(
  config: TargetConfig,
  env: NodeJS.ProcessEnv,
  sources: SubscriberSources,
): Promise<(readonly string[] | null)[]> {
  if (config.channel === 'email') {
    return (await readSubscribers(config, env, sources)).map((s) => s.components);
  }
  const tokenEnv = 'service_token_env' in config ? config.service_token_env : undefined;
  const token = tokenEnv === undefined ? undefined : env[tokenEnv];
  if (!token || sources.serviceUrl === undefined) {
    throw new TargetSetupError(`The token of target ${config.id} is not set here.`);
  }
  const hooks = await readServiceSubscribers(
    sources.serviceUrl,
    token,
    'webhook',
    sources.fetchService,
  );
  return hooks.map((hook) => hook.components);
}
