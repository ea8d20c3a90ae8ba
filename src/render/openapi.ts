import { globalRegistry, z } from 'zod';
import '../schema/api.ts';
import type { SiteConfig } from '../domain/model.ts';
import { absoluteUrl } from './format.ts';

const V2_DOCUMENTS: readonly [string, string, string][] = [
  [
    'summary.json',
    'V2Summary',
    'Status, components, unresolved incidents and upcoming or active maintenance.',
  ],
  ['status.json', 'V2StatusDocument', 'The overall status indicator and its description.'],
  ['components.json', 'V2Components', 'Every component, groups included.'],
  ['incidents.json', 'V2Incidents', 'The 50 most recent incidents.'],
  ['incidents/unresolved.json', 'V2UnresolvedIncidents', 'Incidents that are not resolved.'],
  [
    'scheduled-maintenances.json',
    'V2ScheduledMaintenances',
    'The 50 most recent maintenance windows.',
  ],
  [
    'scheduled-maintenances/upcoming.json',
    'V2UpcomingMaintenances',
    'Windows that have not started.',
  ],
  [
    'scheduled-maintenances/active.json',
    'V2ActiveMaintenances',
    'Windows in progress or verifying.',
  ],
];

const V1_PATHS: readonly [string, string, string][] = [
  ['/incidents.json', 'V1IncidentList', 'The 50 most recent incidents, newest first.'],
  [
    '/incidents/pages/{page}.json',
    'V1IncidentList',
    'The archive, 50 incidents a page, page 1 the oldest: a page keeps its incidents as the history grows. Incidents since the newest full page are in /incidents.json.',
  ],
  ['/incidents/months/{month}.json', 'V1Month', 'The incidents that started in a month (YYYY-MM).'],
  ['/incidents/{id}', 'V1Incident', 'One incident with its full history.'],
  ['/maintenances/{id}', 'V1Maintenance', 'One maintenance window with its full history.'],
  ['/components.json', 'V1ComponentList', 'Every component with its status.'],
  ['/components/{id}/incidents.json', 'V1IncidentList', "A component's incidents, newest first."],
  [
    '/components/{id}/incidents/pages/{page}.json',
    'V1IncidentList',
    "The archive of a component's incidents, paged as /incidents/pages/{page}.json.",
  ],
];

const OTHER_JSON: readonly [string, string, string][] = [
  ['/badge.json', 'ShieldsEndpointBadge', 'The overall status as a shields.io endpoint badge.'],
  [
    '/components/{id}/badge.json',
    'ShieldsEndpointBadge',
    "A component's status as a shields.io endpoint badge.",
  ],
  ['/feed.json', 'JsonFeed', 'Every update, newest first, as JSON Feed 1.1 (at most 100).'],
  ['/components/{id}/feed.json', 'JsonFeed', "A component's updates as JSON Feed 1.1."],
];

/** The parameters a templated path takes, all strings in the path. */
function parameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

/**
 * `getV1IncidentsById` for `/v1/organizations/<org>/incidents/{id}`: unique per path, as
 * OpenAPI requires, and readable as a client method name. The organization id is left out.
 */
function operationId(path: string): string {
  const words = path
    .replace(/^\/v1\/organizations\/[^/]+/, '/v1')
    .replace(/\.json$/, '')
    .split(/[/.-]/)
    .filter((word) => word !== '')
    .map((word) => {
      const parameter = /^\{(\w+)\}$/.exec(word)?.[1];
      const text = parameter === undefined ? word : `by-${parameter}`;
      return text
        .split('-')
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join('');
    });
  return `get${words.join('')}`;
}

function operation(path: string, schema: string, summary: string, published = path) {
  return {
    get: {
      operationId: operationId(published),
      summary,
      parameters: parameters(path),
      responses: {
        '200': {
          description: summary,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
        },
        // A static host answers a path that has no file (an unknown id, page or month) with its
        // 404 page.
        '404': { description: 'No such file: the id, page or month does not exist.' },
      },
    },
  };
}

/**
 * `/v1/openapi.json`: OpenAPI 3.1 for every JSON file the site publishes: v1, v2, badges, JSON Feed. The schemas are the zod schemas
 * every published file is checked against (src/schema/api.ts), so the description cannot drift.
 */
export function renderOpenApi(config: SiteConfig): object {
  const { schemas } = z.toJSONSchema(globalRegistry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  });
  const components = Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
  const org = config.organization_id;
  return {
    openapi: '3.1.0',
    info: {
      title: `${config.name} API`,
      version: '1.0.0',
      description:
        'Read-only status data, published as static files. /api/v2 follows the public Statuspage API v2; /v1 is the native API.',
    },
    servers: [{ url: absoluteUrl(config, '').replace(/\/$/, '') }],
    // Public files: no operation needs credentials.
    security: [],
    paths: {
      ...Object.fromEntries(
        V1_PATHS.map(([path, schema, summary]) => [
          `/v1/organizations/${org}${path}`,
          operation(path, schema, summary, `/v1/organizations/${org}${path}`),
        ]),
      ),
      ...Object.fromEntries(
        OTHER_JSON.map(([path, schema, summary]) => [path, operation(path, schema, summary)]),
      ),
      ...Object.fromEntries(
        V2_DOCUMENTS.map(([file, schema, summary]) => [
          `/api/v2/${file}`,
          operation(file, schema, summary, `/api/v2/${file}`),
        ]),
      ),
    },
    components: { schemas: components },
  };
}
