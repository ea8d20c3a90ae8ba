import type { APIRoute, GetStaticPaths } from 'astro';
import { getSite } from '../../../../../data/snapshot.ts';
import { absoluteUrl } from '../../../../../render/format.ts';
import { xmlText } from '../../../../../render/xml-text.ts';

/**
 * `/v1/organizations/<org>/incidents/`: a host serves a folder's index as HTML whatever it holds,
 * so this is an HTML page, holding no content of any incident, that sends the reader to the
 * JSON listing (`incidents.json`). API clients read the `.json` files directly.
 */
export const getStaticPaths = (async () => {
  const { snapshot } = await getSite();
  return [{ params: { org: snapshot.content.config.organization_id } }];
}) satisfies GetStaticPaths;

export const GET: APIRoute = async () => {
  const { snapshot } = await getSite();
  const { config } = snapshot.content;
  const target = xmlText(
    absoluteUrl(config, `v1/organizations/${config.organization_id}/incidents.json`),
  );
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Incidents API</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${target}">
<link rel="canonical" href="${target}">
</head>
<body>
<p>The incident listing is <a href="${target}">incidents.json</a>.</p>
</body>
</html>
`;
  return new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
};
