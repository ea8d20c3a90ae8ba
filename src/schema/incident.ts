import { z } from 'zod';
import {
  componentStatusSchema,
  idSchema,
  messageSchema,
  patternError,
  singleLine,
  timestampSchema,
} from './common.ts';

export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;

export type Impact = (typeof IMPACTS)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

const impactSchema = z.enum(IMPACTS).meta({
  description: 'How bad it is for users: none, minor, major or critical.',
});

const title = singleLine(200).meta({ description: 'A short headline, at most 200 characters.' });

const notify = z
  .boolean()
  .meta({ description: 'Whether merging this notifies subscribers; `false` publishes quietly.' });

/** GitHub users and teams mentioned in the GitHub notification, e.g. `alice` or `acme/sre`. */
const mentions = z
  .array(
    z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)?$/,
        patternError(
          'is not a GitHub user or team',
          'Write a user name (`alice`) or an organization team (`acme/sre`), without "@".',
        ),
      ),
  )
  .max(20)
  .default([])
  .meta({
    description:
      'GitHub users or teams (`org/team`) mentioned when the update is posted to GitHub, e.g. `alice`.',
  });

/** Affected components: component id → its status while the incident lasts. */
const affectedComponents = z.record(idSchema, componentStatusSchema).meta({
  description: 'Affected components: component id → its status, e.g. `api: partial_outage`.',
});

/** One entry of an incident's timeline. */
export const incidentUpdateSchema = z.strictObject({
  /** When the update was posted. Unique within the incident; updates are in time order. */
  at: timestampSchema,
  /** The incident's status as of this update. */
  status: z.enum(INCIDENT_STATUSES).meta({
    description: 'investigating, identified, monitoring or resolved.',
  }),
  /** What readers are told, in Markdown. */
  message: messageSchema,
  /** Component statuses from this update on; components not named keep their status. */
  components: affectedComponents.optional(),
  /** Set `false` to publish this update without notifying subscribers. */
  notify: notify.optional(),
});

/** An incident: `incidents/<id>.md`. The id is the file name without `.md`. */
export const incidentSchema = z
  .strictObject({
    /** Omit for incidents; `maintenance` makes the file a maintenance window. */
    kind: z.literal('incident').optional().meta({ description: 'Omit, or `incident`.' }),
    /** The headline, e.g. "Elevated API error rates". */
    title,
    /** How bad it is for users. */
    impact: impactSchema,
    /** Affected components and their status from the first update on. */
    components: affectedComponents.default({}),
    /** Set `false` to publish the whole incident without notifying subscribers. */
    notify: notify.default(true),
    /** People and teams to mention in the GitHub notification. */
    mentions,
    /** When the problem began, if before the first update; defaults to the first update's time. */
    started_at: timestampSchema.optional(),
    /** The timeline, oldest first. Append new updates at the end. */
    updates: z
      .array(incidentUpdateSchema)
      .min(1)
      .meta({ description: 'The timeline, oldest first; append new updates at the end.' }),
  })
  .meta({ title: 'Statusmark incident' });

/** One entry of a maintenance window's timeline. */
export const maintenanceUpdateSchema = z.strictObject({
  /** When the update was posted. */
  at: timestampSchema,
  /**
   * The window's status as of this update. Without updates the status follows the clock:
   * scheduled before `scheduled_for`, in_progress until `scheduled_until`, then completed.
   */
  status: z.enum(MAINTENANCE_STATUSES).meta({
    description: 'scheduled, in_progress, verifying or completed.',
  }),
  /** What readers are told, in Markdown. */
  message: messageSchema,
  /** Set `false` to publish this update without notifying subscribers. */
  notify: notify.optional(),
});

/** A maintenance window: `incidents/<id>.md` with `kind: maintenance`. */
export const maintenanceSchema = z
  .strictObject({
    /** Marks the file as a maintenance window. */
    kind: z.literal('maintenance').meta({ description: '`maintenance`.' }),
    /** The headline, e.g. "Database upgrade". */
    title,
    /** Components under maintenance while the window is in progress. */
    components: z
      .array(idSchema)
      .default([])
      .meta({ description: 'Ids of the components under maintenance during the window.' }),
    /** Set `false` to publish the window without notifying subscribers. */
    notify: notify.default(true),
    /** People and teams to mention in the GitHub notification. */
    mentions,
    /** When the window starts. */
    scheduled_for: timestampSchema,
    /** When the window ends; after `scheduled_for`. */
    scheduled_until: timestampSchema,
    /**
     * Hours before `scheduled_for` at which Statusmark posts (and notifies) a reminder, e.g. 24;
     * omit for none.
     */
    remind_hours_before: z
      .number()
      .int()
      .min(1)
      .max(720)
      .optional()
      .meta({ description: 'Hours before the start to post a reminder update, 1 to 720.' }),
    /** The timeline, oldest first; the first update announces the window. */
    updates: z
      .array(maintenanceUpdateSchema)
      .min(1)
      .meta({ description: 'The timeline, oldest first; the first update announces the window.' }),
  })
  .meta({ title: 'Statusmark maintenance window' });

export type IncidentData = z.output<typeof incidentSchema>;
export type IncidentUpdateData = z.output<typeof incidentUpdateSchema>;
export type MaintenanceData = z.output<typeof maintenanceSchema>;
export type MaintenanceUpdateData = z.output<typeof maintenanceUpdateSchema>;
