import type { ZodType } from 'zod';

/**
 * A key a version of Statusmark renamed or removed. A file written for an earlier version then
 * hears what changed and in which version, not only that the key is unknown (Starlight names
 * the version that changed a config key in the same way).
 */
export interface KeyChange {
  /** The old key as a reader finds it: `notifications.targets[].url`, `[]` for any list item. */
  readonly key: string;
  /** The version that made the change, e.g. `0.3.0`. */
  readonly version: string;
  /** The new name, for a rename (the value stays as it was). */
  readonly renamedTo?: string;
  /** For a removal: what to do instead, as a sentence. */
  readonly instead?: string;
}

const histories = new WeakMap<ZodType, readonly KeyChange[]>();

/** Records the renamed and removed keys of a file's schema, newest last. */
export function withKeyHistory<S extends ZodType>(schema: S, changes: readonly KeyChange[]): S {
  histories.set(schema, changes);
  return schema;
}

/** The change that explains the unknown key at `path` in a file of `schema`, if any. */
export function keyChange(schema: ZodType, path: readonly PropertyKey[]): KeyChange | undefined {
  const key = path
    .map((segment) => (typeof segment === 'number' ? '[]' : String(segment)))
    .join('.')
    .replaceAll('.[]', '[]');
  return histories.get(schema)?.findLast((change) => change.key === key);
}

/** The message and fix for a key a later version renamed or removed. */
export function describeKeyChange(change: KeyChange): { message: string; fix: string } {
  if (change.renamedTo !== undefined) {
    return {
      message: `"${change.key}" was renamed to "${change.renamedTo}" in Statusmark ${change.version}.`,
      fix: `Rename the key to "${change.renamedTo}"; its value stays as it is.`,
    };
  }
  return {
    message: `"${change.key}" was removed in Statusmark ${change.version}.`,
    fix: change.instead ?? 'Remove the key.',
  };
}
