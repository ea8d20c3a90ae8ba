import { apiV2Documents } from '../render/api-v2.ts';
import { v2DocumentSchemas } from '../schema/api.ts';
import { jsonResponse } from './json.ts';
import { perSite } from './snapshot.ts';

const getDocuments = perSite((site) => apiV2Documents(site.snapshot));

/** One document of the Statuspage-compatible API, e.g. `summary.json`. All are built once. */
export async function apiV2Response(path: keyof typeof v2DocumentSchemas): Promise<Response> {
  const document = (await getDocuments()).get(path);
  const schema = v2DocumentSchemas[path];
  if (document === undefined) throw new Error(`No API v2 document ${path}`);
  return jsonResponse(`api/v2/${path}`, document, schema);
}
