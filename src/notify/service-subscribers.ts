import { z } from 'zod';

/**
 * The confirmed subscribers of the subscription service, read through its list API
 * (`GET /v1/subscribers`, bearer token, paged by cursor, per kind). That API is the whole
 * contract between notify and the service: another backend that answers it in this shape can
 * take the Worker's place.
 */

const pageSchema = z.object({
  subscribers: z.array(
    z.object({
      id: z.string().min(1).max(200),
      kind: z.enum(['email', 'webhook']),
      address: z.string().min(3).max(2048),
      components: z.array(z.string()).nullable(),
      secret: z.string().max(200).nullable().optional(),
      unsubscribe_url: z.url(),
      manage_url: z.url(),
    }),
  ),
  next_cursor: z.string().nullable(),
});

export type ServiceSubscriber = z.output<typeof pageSchema>['subscribers'][number];

export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
}

/** No list is this long; a service that keeps paging is broken, and the run must end. */
const MAX_PAGES = 10_000;
const PAGE_TIMEOUT_MS = 30_000;

export async function readServiceSubscribers(
  serviceUrl: string,
  token: string,
  kind: ServiceSubscriber['kind'],
  fetchJson: typeof fetch = fetch,
): Promise<ServiceSubscriber[]> {
  const subscribers: ServiceSubscriber[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const url = new URL('v1/subscribers', serviceUrl.replace(/\/?$/, '/'));
    url.searchParams.set('kind', kind);
    url.searchParams.set('limit', '1000');
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    let response: Response;
    try {
      response = await fetchJson(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(PAGE_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch {
      throw new ServiceUnavailableError('The subscription service could not be reached.');
    }
    if (response.status === 401 || response.status === 403) {
      throw new ServiceUnavailableError(
        'The subscription service refused the API token: set the same value as its API_TOKEN secret.',
      );
    }
    if (!response.ok) {
      throw new ServiceUnavailableError(
        `The subscription service answered ${String(response.status)}.`,
      );
    }
    const page = pageSchema.safeParse(await response.json().catch(() => null));
    if (!page.success) {
      throw new ServiceUnavailableError(
        'The subscription service answered with a list this version of Statusmark cannot read.',
      );
    }
    subscribers.push(...page.data.subscribers.filter((subscriber) => subscriber.kind === kind));
    cursor = page.data.next_cursor;
    if (cursor === null) return subscribers;
  }
  throw new ServiceUnavailableError('The subscription service kept paging without an end.');
}
