import type { Component, Entry, EntryUpdate, SiteContent } from '../domain/model.ts';

/**
 * What a change of content does, in the terms a reviewer cares about: which incidents and
 * maintenance windows appear, which get new updates, what changes status, impact or components,
 * and which earlier updates were edited. Pure: both sides are parsed content.
 */

export type { Entry, EntryUpdate };

export interface EntryChange {
  readonly kind: 'added' | 'changed' | 'removed';
  /** The entry after the change (before it, for a removal). */
  readonly entry: Entry;
  readonly before: Entry | null;
  /** Updates that are new on this side, oldest first: what subscribers would hear about. */
  readonly newUpdates: readonly EntryUpdate[];
  /** Times (as written) of earlier updates whose text or status was edited. */
  readonly editedUpdates: readonly string[];
  readonly titleChanged: boolean;
  readonly impactChanged: boolean;
  readonly componentsChanged: boolean;
  readonly scheduleChanged: boolean;
  readonly bodyChanged: boolean;
}

export interface ComponentChange {
  readonly kind: 'added' | 'changed' | 'removed';
  readonly component: Component;
}

export interface ContentChanges {
  readonly entries: readonly EntryChange[];
  readonly components: readonly ComponentChange[];
  readonly configChanged: boolean;
}

/** The identity of an update across commits: its entry's id and its time (unique per entry). */
export function updateKey(entry: Entry, update: EntryUpdate): string {
  return `${entry.id}@${new Date(update.time).toISOString()}`;
}

export function diffContent(before: SiteContent | null, after: SiteContent): ContentChanges {
  const beforeEntries = new Map(entriesOf(before).map((entry) => [entry.id, entry]));
  const afterEntries = entriesOf(after);
  const entries: EntryChange[] = [];
  for (const entry of afterEntries) {
    const old = beforeEntries.get(entry.id) ?? null;
    beforeEntries.delete(entry.id);
    const change = old === null ? added(entry) : changed(old, entry);
    if (change) entries.push(change);
  }
  for (const entry of beforeEntries.values()) entries.push(removed(entry));

  const beforeComponents = new Map((before?.components ?? []).map((c) => [c.id, c]));
  const components: ComponentChange[] = [];
  for (const component of after.components) {
    const old = beforeComponents.get(component.id);
    beforeComponents.delete(component.id);
    if (!old) components.push({ kind: 'added', component });
    else if (JSON.stringify(old) !== JSON.stringify(component)) {
      components.push({ kind: 'changed', component });
    }
  }
  for (const component of beforeComponents.values())
    components.push({ kind: 'removed', component });

  return {
    entries: entries.sort(byFirstUpdate),
    components,
    configChanged:
      before !== null && JSON.stringify(before.config) !== JSON.stringify(after.config),
  };
}

/** Whether the change touches anything at all. */
export function isEmpty(changes: ContentChanges): boolean {
  return changes.entries.length === 0 && changes.components.length === 0 && !changes.configChanged;
}

function entriesOf(content: SiteContent | null): Entry[] {
  return content ? [...content.incidents, ...content.maintenances] : [];
}

function added(entry: Entry): EntryChange {
  return {
    kind: 'added',
    entry,
    before: null,
    newUpdates: entry.updates,
    editedUpdates: [],
    titleChanged: false,
    impactChanged: false,
    componentsChanged: false,
    scheduleChanged: false,
    bodyChanged: false,
  };
}

function removed(entry: Entry): EntryChange {
  return { ...added(entry), kind: 'removed', before: entry, newUpdates: [] };
}

function changed(before: Entry, after: Entry): EntryChange | null {
  const oldUpdates = new Map<string, EntryUpdate>(
    before.updates.map((update) => [updateKey(before, update), update]),
  );
  const newUpdates: EntryUpdate[] = [];
  const editedUpdates: string[] = [];
  for (const update of after.updates) {
    const old = oldUpdates.get(updateKey(after, update));
    if (!old) newUpdates.push(update);
    else if (old.message.markdown !== update.message.markdown || old.status !== update.status) {
      editedUpdates.push(update.at);
    }
  }
  const change: EntryChange = {
    kind: 'changed',
    entry: after,
    before,
    newUpdates,
    editedUpdates,
    titleChanged: before.title !== after.title,
    impactChanged:
      before.kind === 'incident' && after.kind === 'incident' && before.impact !== after.impact,
    componentsChanged: JSON.stringify(before.components) !== JSON.stringify(after.components),
    scheduleChanged:
      before.kind === 'maintenance' &&
      after.kind === 'maintenance' &&
      (before.scheduledFor !== after.scheduledFor ||
        before.scheduledUntil !== after.scheduledUntil),
    bodyChanged: (before.body?.markdown ?? null) !== (after.body?.markdown ?? null),
  };
  const touched =
    newUpdates.length > 0 ||
    editedUpdates.length > 0 ||
    change.titleChanged ||
    change.impactChanged ||
    change.componentsChanged ||
    change.scheduleChanged ||
    change.bodyChanged ||
    before.notify !== after.notify ||
    before.updates.length !== after.updates.length;
  return touched ? change : null;
}

function byFirstUpdate(a: EntryChange, b: EntryChange): number {
  const time = (change: EntryChange) =>
    change.newUpdates[0]?.time ?? change.entry.updates[0]?.time ?? 0;
  return time(a) - time(b) || (a.entry.id < b.entry.id ? -1 : 1);
}
