import { apiV2Documents } from '../render/api-v2.ts';
import { getSite } from './snapshot.ts';

let documents: Promise<Map<string, object>> | undefined;

/** One document of the Statuspage-compatible API, e.g. `summary.json`. All are built once. */
export async function apiV2Response(path: string): Promise<Response> {
  documents ??= getSite().then((site) => apiV2Documents(site.snapshot));
  const document = (await documents).get(path);
  if (document === undefined) throw new Error(`No API v2 document ${path}`);
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}
