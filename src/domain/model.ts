import type { ComponentStatus } from '../schema/common.ts';
import type { Impact, IncidentStatus, MaintenanceStatus } from '../schema/incident.ts';
import type { SiteConfig } from '../schema/site.ts';
import type { RenderedMarkdown } from '../markdown/render.ts';

export type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus, SiteConfig };

/** A status component, from `components/<id>.yml`. */
export interface Component {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The group id, or null when listed on its own. */
  readonly group: string | null;
  readonly order: number;
  readonly hiddenUnlessDegraded: boolean;
  /** `YYYY-MM-DD`; uptime has no data before this day. */
  readonly startDate: string | null;
  /**
   * Without `start_date`: when the content first holds the component (the first commit of its
   * file), where a git history is there to say. Uptime starts there, or at the earliest incident
   * that affected it, whichever is first; without either, on the day of the build.
   */
  readonly firstSeen?: number;
}

/** A group of components, in display order, with its components in display order. */
export interface ComponentGroup {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly collapsed: boolean;
  readonly components: readonly Component[];
}

/** One entry of a timeline. */
export interface Update<S extends string> {
  /** The time as written in the file (zone preserved). */
  readonly at: string;
  /** `at` in epoch milliseconds. */
  readonly time: number;
  readonly status: S;
  readonly message: RenderedMarkdown;
  /** Whether subscribers are notified of this update (the incident's and the update's `notify`). */
  readonly notify: boolean;
  /**
   * Set on the updates Statusmark posts for a maintenance window by the clock (a reminder, the
   * start, the end), which no file holds.
   */
  readonly automatic?: true;
}

export interface IncidentUpdate extends Update<IncidentStatus> {
  /** Every affected component's status as of this update (earlier statuses carried forward). */
  readonly components: Readonly<Record<string, ComponentStatus>>;
}

export type MaintenanceUpdate = Update<MaintenanceStatus>;

interface EntryBase {
  /** The file name without `.md`; stable once published. */
  readonly id: string;
  /** Path relative to the content root. */
  readonly file: string;
  readonly title: string;
  readonly notify: boolean;
  /** GitHub users and teams (`org/team`) to mention in the GitHub notification. */
  readonly mentions: readonly string[];
  /** The Markdown body below the frontmatter (description, postmortem), or null. */
  readonly body: RenderedMarkdown | null;
}

export interface Incident extends EntryBase {
  readonly kind: 'incident';
  readonly impact: Impact;
  /** Every component the incident ever affected, with its status at the first update. */
  readonly components: Readonly<Record<string, ComponentStatus>>;
  /** Oldest first; never empty. */
  readonly updates: readonly IncidentUpdate[];
  /** `started_at`, or the first update's time, in epoch milliseconds. */
  readonly startedAt: number;
}

export interface Maintenance extends EntryBase {
  readonly kind: 'maintenance';
  /** Components under maintenance while the window is in progress. */
  readonly components: readonly string[];
  readonly scheduledFor: number;
  readonly scheduledUntil: number;
  /** Oldest first; never empty. */
  readonly updates: readonly MaintenanceUpdate[];
}

/** An incident or a maintenance window: what a timeline belongs to. */
export type Entry = Incident | Maintenance;
export type EntryUpdate = IncidentUpdate | MaintenanceUpdate;

/** Everything in a content repository, validated and cross-checked. */
export interface SiteContent {
  readonly config: SiteConfig;
  /** Every component in display order: by group order, then `order`, then name. */
  readonly components: readonly Component[];
  readonly groups: readonly ComponentGroup[];
  /** Components without a group, in display order. */
  readonly ungrouped: readonly Component[];
  /** Newest first, by start time. */
  readonly incidents: readonly Incident[];
  /** Newest first, by scheduled start. */
  readonly maintenances: readonly Maintenance[];
}
