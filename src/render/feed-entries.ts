import type { StatusSnapshot } from '../domain/snapshot.ts';
import type { FeedEntry } from './feeds.ts';
import { absoluteUrl, formatTime, STATUS_LABEL, updateAnchor } from './format.ts';

export interface SiteFeedEntries {
  /** Every update of every published incident and maintenance window, newest first. */
  readonly all: readonly FeedEntry[];
  /** Per component, the updates of the incidents and windows that affect it, newest first. */
  readonly byComponent: ReadonlyMap<string, readonly FeedEntry[]>;
}

/** Builds every feed entry once per build: one pass over the updates, then one sort. */
export function feedEntries(snapshot: StatusSnapshot): SiteFeedEntries {
  const { config } = snapshot.content;
  const zone = config.time_zone;
  const tagged: { entry: FeedEntry; components: readonly string[] }[] = [];
  for (const { incident, updates } of snapshot.incidents) {
    const components = Object.keys(incident.components);
    for (const update of updates) {
      const url = absoluteUrl(config, `incidents/${incident.id}/#${updateAnchor(update.time)}`);
      tagged.push({
        components,
        entry: {
          id: url,
          url,
          title: `${STATUS_LABEL[update.status]}: ${incident.title} (${formatTime(update.time, zone)})`,
          html: update.message.html,
          text: update.message.text,
          time: update.time,
        },
      });
    }
  }
  for (const { maintenance, updates } of snapshot.maintenances) {
    for (const update of updates) {
      tagged.push({
        components: maintenance.components,
        entry: {
          // The id keeps the form it had before windows had pages, so readers see no new entry.
          id: absoluteUrl(
            config,
            `maintenance/#maintenance-${maintenance.id}-${updateAnchor(update.time)}`,
          ),
          url: absoluteUrl(config, `maintenance/${maintenance.id}/#${updateAnchor(update.time)}`),
          title: `Maintenance ${STATUS_LABEL[update.status].toLowerCase()}: ${maintenance.title} (${formatTime(update.time, zone)})`,
          html: update.message.html,
          text: update.message.text,
          time: update.time,
        },
      });
    }
  }
  tagged.sort((a, b) => b.entry.time - a.entry.time || (a.entry.id < b.entry.id ? -1 : 1));
  const byComponent = new Map<string, FeedEntry[]>(
    snapshot.content.components.map((component) => [component.id, []]),
  );
  for (const { entry, components } of tagged) {
    for (const id of components) byComponent.get(id)?.push(entry);
  }
  return { all: tagged.map(({ entry }) => entry), byComponent };
}
