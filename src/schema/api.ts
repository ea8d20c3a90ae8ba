import { z } from 'zod';
import { COMPONENT_STATUSES } from './common.ts';
import { IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from './incident.ts';

// The JSON the build publishes, as zod schemas: the source of the TypeScript types, of the
// check every file passes before it is written, and of /v1/openapi.json.

const time = z.string().meta({ format: 'date-time', description: 'ISO 8601 time in UTC.' });
const componentStatus = z.enum(COMPONENT_STATUSES);

// ----- Native API v1 -----

export const v1ComponentStatusSchema = z
  .strictObject({ id: z.string(), name: z.string(), status: componentStatus })
  .meta({ id: 'V1ComponentStatus', description: 'A component and its status.' });

export const v1UpdateSchema = z
  .strictObject({
    id: z.string().meta({ description: 'Stable within the incident, derived from its time.' }),
    status: z.enum(INCIDENT_STATUSES),
    message: z.string().meta({ description: 'The message as written (Markdown).' }),
    message_html: z.string().meta({ description: 'The message as sanitised HTML.' }),
    created_at: time,
    components: z.array(v1ComponentStatusSchema),
  })
  .meta({ id: 'V1Update' });

const v1IncidentFields = {
  id: z.string(),
  organization_id: z.string(),
  title: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  impact: z.enum(IMPACTS),
  started_at: time,
  resolved_at: time.nullable(),
  created_at: time,
  updated_at: time,
  url: z.string().meta({ description: 'The incident page.' }),
  api_url: z.string().meta({ description: 'This incident with its full history.' }),
  components: z.array(v1ComponentStatusSchema),
};

export const v1IncidentSummarySchema = z
  .strictObject(v1IncidentFields)
  .meta({ id: 'V1IncidentSummary', description: 'An incident in a listing, without its updates.' });

export const v1IncidentSchema = z
  .strictObject({ ...v1IncidentFields, updates: z.array(v1UpdateSchema) })
  .meta({ id: 'V1Incident', description: 'An incident with its full history, newest first.' });

export const v1MaintenanceSchema = z
  .strictObject({
    id: z.string(),
    organization_id: z.string(),
    title: z.string(),
    status: z.enum(MAINTENANCE_STATUSES),
    scheduled_for: time,
    scheduled_until: time,
    started_at: time.nullable().meta({ description: 'When the work actually started.' }),
    completed_at: time.nullable().meta({ description: 'When it actually ended.' }),
    created_at: time,
    updated_at: time,
    url: z.string().meta({ description: 'The maintenance page.' }),
    api_url: z.string().meta({ description: 'This window with its full history.' }),
    body: z
      .strictObject({ markdown: z.string(), html: z.string() })
      .nullable()
      .meta({ description: 'The longer description below the frontmatter, if any.' }),
    components: z.array(z.strictObject({ id: z.string(), name: z.string() })),
    updates: z.array(
      z.strictObject({
        id: z.string().meta({ description: 'Stable within the window, derived from its time.' }),
        status: z.enum(MAINTENANCE_STATUSES),
        message: z.string().meta({ description: 'The message as written (Markdown).' }),
        message_html: z.string().meta({ description: 'The message as sanitised HTML.' }),
        created_at: time,
        automatic: z
          .boolean()
          .meta({ description: 'Posted by the clock (reminder, start, end), not by a person.' }),
      }),
    ),
  })
  .meta({
    id: 'V1Maintenance',
    description: 'A maintenance window with its full history, newest first.',
  });

export const v1IncidentListSchema = z
  .strictObject({
    organization_id: z.string(),
    page: z.number().int().min(0).meta({
      description:
        '0 for the listing of the 50 most recent incidents; else the number of an archive page, counted from the oldest (1), which keeps its incidents as the history grows.',
    }),
    next: z.string().nullable().meta({
      description:
        'The next older page, or null. The newest archive page may repeat incidents of the first listing: incidents are known by id.',
    }),
    incidents: z.array(v1IncidentSummarySchema),
  })
  .meta({ id: 'V1IncidentList', description: 'A page of incidents, newest first.' });

export const v1MonthSchema = z
  .strictObject({
    organization_id: z.string(),
    month: z.string().meta({ description: 'YYYY-MM in the site time zone.' }),
    incidents: z.array(v1IncidentSummarySchema),
  })
  .meta({ id: 'V1Month', description: 'The incidents that started in one month.' });

export const v1ComponentListSchema = z
  .strictObject({
    organization_id: z.string(),
    components: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        group: z.string().nullable(),
        status: componentStatus,
        incidents_url: z.string(),
      }),
    ),
  })
  .meta({ id: 'V1ComponentList' });

// ----- Statuspage-compatible API v2 -----

export const v2PageSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    time_zone: z.string(),
    updated_at: time,
  })
  .meta({ id: 'V2Page' });

export const v2StatusSchema = z
  .strictObject({
    indicator: z.enum([...IMPACTS, 'maintenance']),
    description: z.string(),
  })
  .meta({ id: 'V2Status' });

export const v2ComponentSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    status: componentStatus,
    created_at: time,
    updated_at: time,
    position: z.number().int(),
    description: z.string().nullable(),
    showcase: z.boolean(),
    start_date: z.string().nullable(),
    group_id: z.string().nullable(),
    page_id: z.string(),
    group: z.boolean(),
    only_show_if_degraded: z.boolean(),
    components: z.array(z.string()).optional().meta({ description: 'Only on groups.' }),
  })
  .meta({ id: 'V2Component' });

export const v2UpdateSchema = z
  .strictObject({
    id: z.string(),
    status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
    body: z.string(),
    incident_id: z.string(),
    created_at: time,
    updated_at: time,
    display_at: time,
    affected_components: z.array(
      z.strictObject({
        code: z.string(),
        name: z.string(),
        old_status: componentStatus,
        new_status: componentStatus,
      }),
    ),
    deliver_notifications: z.boolean(),
    custom_tweet: z.null(),
    tweet_id: z.null(),
  })
  .meta({ id: 'V2IncidentUpdate' });

const v2IncidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: time,
  updated_at: time,
  monitoring_at: time.nullable(),
  resolved_at: time.nullable(),
  shortlink: z.string(),
  started_at: time,
  page_id: z.string(),
  incident_updates: z.array(v2UpdateSchema),
  components: z.array(v2ComponentSchema),
};

export const v2IncidentSchema = z
  .strictObject({ ...v2IncidentFields, status: z.enum(INCIDENT_STATUSES), impact: z.enum(IMPACTS) })
  .meta({ id: 'V2Incident' });

export const v2MaintenanceSchema = z
  .strictObject({
    ...v2IncidentFields,
    status: z.enum(MAINTENANCE_STATUSES),
    impact: z.literal('maintenance'),
    scheduled_for: time,
    scheduled_until: time,
  })
  .meta({ id: 'V2ScheduledMaintenance' });

/** A v2 list document; each gets its own schema object, as OpenAPI names each one. */
function incidentList(id: string) {
  return z.strictObject({ page: v2PageSchema, incidents: z.array(v2IncidentSchema) }).meta({ id });
}

function maintenanceList(id: string) {
  return z
    .strictObject({ page: v2PageSchema, scheduled_maintenances: z.array(v2MaintenanceSchema) })
    .meta({ id });
}

export const v2DocumentSchemas = {
  'summary.json': z
    .strictObject({
      page: v2PageSchema,
      components: z.array(v2ComponentSchema),
      incidents: z.array(v2IncidentSchema),
      scheduled_maintenances: z.array(v2MaintenanceSchema),
      status: v2StatusSchema,
    })
    .meta({ id: 'V2Summary' }),
  'status.json': z
    .strictObject({ page: v2PageSchema, status: v2StatusSchema })
    .meta({ id: 'V2StatusDocument' }),
  'components.json': z
    .strictObject({ page: v2PageSchema, components: z.array(v2ComponentSchema) })
    .meta({ id: 'V2Components' }),
  'incidents.json': incidentList('V2Incidents'),
  'incidents/unresolved.json': incidentList('V2UnresolvedIncidents'),
  'scheduled-maintenances.json': maintenanceList('V2ScheduledMaintenances'),
  'scheduled-maintenances/upcoming.json': maintenanceList('V2UpcomingMaintenances'),
  'scheduled-maintenances/active.json': maintenanceList('V2ActiveMaintenances'),
} as const;

export type V1Incident = z.infer<typeof v1IncidentSchema>;
export type V1Maintenance = z.infer<typeof v1MaintenanceSchema>;
export type V1IncidentSummary = z.infer<typeof v1IncidentSummarySchema>;

// ----- Badges and JSON Feed -----

/** shields.io's endpoint badge schema: these four keys and no others. */
export const badgeSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    label: z.string(),
    message: z.string(),
    color: z.string(),
  })
  .meta({ id: 'ShieldsEndpointBadge' });

export const jsonFeedSchema = z
  .strictObject({
    version: z.literal('https://jsonfeed.org/version/1.1'),
    title: z.string(),
    home_page_url: z.string(),
    feed_url: z.string(),
    description: z.string(),
    language: z.string(),
    authors: z.array(z.strictObject({ name: z.string(), url: z.string() })),
    items: z.array(
      z.strictObject({
        id: z.string(),
        url: z.string(),
        title: z.string(),
        content_html: z.string(),
        summary: z.string(),
        date_modified: time,
        date_published: time,
      }),
    ),
  })
  .meta({ id: 'JsonFeed' });
