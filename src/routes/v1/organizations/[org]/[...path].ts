import type { APIRoute, GetStaticPaths } from 'astro';
import { apiV1Documents, type V1Document } from '../../../../render/api-v1.ts';
import { incidentDigests, pageKey } from '../../../../data/page-keys.ts';
import { getSite } from '../../../../data/snapshot.ts';
import { jsonResponse } from '../../../../data/json.ts';

export const getStaticPaths = (async () => {
  const [site, key, incidentDigest] = await Promise.all([getSite(), pageKey(), incidentDigests()]);
  const org = site.snapshot.content.config.organization_id;
  return apiV1Documents(site).map((document) => ({
    params: { org, path: document.path },
    props: { document },
    // The schema is code: the path, the incidents shown and the rest of the body are all that
    // varies.
    cacheKey: key({
      path: document.path,
      incidents: document.states.map(incidentDigest),
      facts: document.facts,
    }),
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ document: V1Document }> = ({ props }) =>
  jsonResponse(`v1/…/${props.document.path}`, props.document.body(), props.document.schema);
