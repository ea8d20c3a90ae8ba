import type { Entry, EntryUpdate, SiteContent } from '../domain/model.ts';

/**
 * What subscribers hear about: one event per update of an incident or maintenance window whose
 * `notify` is not false. Pure: a function of the content and "now".
 */
export interface NotificationEvent {
  /**
   * Stable across edits and renames: the entry's first update time and this update's time
   * (`20261123T091200Z.20261123T094500Z`). Fixing a typo or renaming the file keeps the key, so
   * nothing new is owed. Two entries that start in the same second get their id appended.
   */
  readonly key: string;
  readonly entry: Entry;
  readonly update: EntryUpdate;
  /** Component ids the entry affects, for per-component subscriptions. */
  readonly components: readonly string[];
}

export function notificationEvents(content: SiteContent, now: number): NotificationEvent[] {
  const entries: Entry[] = [...content.incidents, ...content.maintenances];
  const starts = new Map<string, number>();
  for (const entry of entries) {
    const start = compactInstant(entry.updates[0]?.time ?? 0);
    starts.set(start, (starts.get(start) ?? 0) + 1);
  }
  const events: NotificationEvent[] = [];
  for (const entry of entries) {
    const start = compactInstant(entry.updates[0]?.time ?? 0);
    const prefix = (starts.get(start) ?? 0) > 1 ? `${start}~${entry.id}` : start;
    const components =
      entry.kind === 'incident' ? Object.keys(entry.components) : [...entry.components];
    for (const update of entry.updates) {
      // Updates after "now" are not on the site yet; `notify` already folds in the entry's own.
      if (!update.notify || update.time > now) continue;
      events.push({ key: `${prefix}.${compactInstant(update.time)}`, entry, update, components });
    }
  }
  return events.sort((a, b) => a.update.time - b.update.time || (a.key < b.key ? -1 : 1));
}

/** `20261123T091200Z`: an instant in UTC to the second, safe in file names, refs and headers. */
export function compactInstant(time: number): string {
  return new Date(Math.floor(time / 1000) * 1000).toISOString().replace(/[-:]|\.000/g, '');
}

/**
 * The events `after` holds that `before` does not, by key: what a change adds for subscribers
 * when no ledger can be read. A renamed file or a fixed typo adds nothing, exactly as for notify.
 */
export function freshEvents(
  before: SiteContent | null,
  after: SiteContent,
  now: number,
): NotificationEvent[] {
  const known = new Set(before ? notificationEvents(before, now).map((event) => event.key) : []);
  return notificationEvents(after, now).filter((event) => !known.has(event.key));
}
