import { signedLink, type ServiceConfig } from './config.ts';

/**
 * For `statusmark notify`: confirmed subscribers, paged by id, of one kind and per component,
 * each with the signed links its messages carry (and a webhook's signing secret). Behind the
 * service's API token only.
 */
const MAX_PAGE = 1000;

export async function listSubscribers(
  request: Request,
  url: URL,
  config: ServiceConfig,
): Promise<Response> {
  if (
    !(await sameSecret(request.headers.get('authorization') ?? '', `Bearer ${config.apiToken}`))
  ) {
    return Response.json({ error: 'unauthorised' }, { status: 401 });
  }
  const limit = Math.min(
    MAX_PAGE,
    Math.max(1, Number(url.searchParams.get('limit') ?? MAX_PAGE) || MAX_PAGE),
  );
  const kind = url.searchParams.get('kind');
  const subscribers = await config.store.confirmed({
    kind: kind === 'email' || kind === 'webhook' ? kind : null,
    component: url.searchParams.get('component'),
    cursor: url.searchParams.get('cursor'),
    limit,
  });
  const items = await Promise.all(
    subscribers.map(async (subscriber) => ({
      id: subscriber.id,
      kind: subscriber.kind,
      address: subscriber.address,
      components: subscriber.components,
      ...(subscriber.kind === 'webhook' ? { secret: subscriber.secret } : {}),
      unsubscribe_url: await signedLink(config, 'unsubscribe', subscriber.id),
      manage_url: await signedLink(config, 'manage', subscriber.id),
    })),
  );
  return Response.json(
    { subscribers: items, next_cursor: items.length === limit ? (items.at(-1)?.id ?? null) : null },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

/** Compares two secrets in time that depends on their length only. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const hash = async (text: string) =>
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([hash(given), hash(expected)]);
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}
