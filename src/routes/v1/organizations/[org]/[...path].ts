import type { APIRoute, GetStaticPaths } from 'astro';
import { apiV1Documents, type V1Document } from '../../../../render/api-v1.ts';
import { pageKey } from '../../../../data/page-keys.ts';
import { getSite } from '../../../../data/snapshot.ts';
import { jsonResponse } from '../../../../data/json.ts';

export const getStaticPaths = (async () => {
  const [site, key] = await Promise.all([getSite(), pageKey()]);
  const org = site.snapshot.content.config.organization_id;
  return apiV1Documents(site).map((document) => ({
    params: { org, path: document.path },
    props: { document },
    // The schema is code: the document's path and body are all that varies.
    cacheKey: key({ path: document.path, body: document.body }),
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ document: V1Document }> = ({ props }) =>
  jsonResponse(`v1/…/${props.document.path}`, props.document.body, props.document.schema);
