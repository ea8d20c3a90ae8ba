import { createHash } from 'node:crypto';
import type {
  Entry,
  Incident,
  IncidentUpdate,
  Maintenance,
  MaintenanceUpdate,
} from '../domain/model.ts';
import { renderMarkdown } from '../markdown/render.ts';
import type { SourceFile } from './source-file.ts';

/**
 * What parsing a valid file of `incidents/` gave, kept between builds: a long history's files
 * hardly ever change, and reading their YAML and checking it against the schema was most of
 * the time a build spent on its content. Pure: parse-memo-fs.ts reads and writes it.
 *
 * A file is known by a hash of its path and bytes, so an edited or renamed file is parsed
 * again. Only files without a problem are kept; the checks across files (the components a file
 * names) run on every build, on the ids kept with the entry, and a file that fails them is
 * parsed again so the problem is reported at its line. Markdown is kept as written and
 * rendered, as ever, through the Markdown cache when a page needs it.
 */
export interface ParseMemo {
  /** The entry parsed from these bytes before, with the component ids the file names. */
  readonly recall: (file: SourceFile) => Remembered | undefined;
  readonly remember: (file: SourceFile, remembered: Remembered) => void;
}

export interface Remembered {
  readonly entry: Entry;
  readonly references: readonly string[];
}

/** An entry as JSON holds it: each Markdown text as written, not rendered. */
type Kept<E extends Entry, U> = Omit<E, 'body' | 'updates'> & {
  readonly body: string | null;
  readonly updates: readonly (Omit<U, 'message'> & { readonly message: string })[];
};
type KeptEntry = Kept<Incident, IncidentUpdate> | Kept<Maintenance, MaintenanceUpdate>;

export interface KeptFile {
  readonly entry: KeptEntry;
  readonly references: readonly string[];
}

/** The memo of one build: what an earlier build kept, and what this one used or parsed. */
export class BuildParseMemo implements ParseMemo {
  readonly #known: ReadonlyMap<string, unknown>;
  readonly #used = new Map<string, KeptFile>();

  constructor(known: ReadonlyMap<string, unknown> = new Map()) {
    this.#known = known;
  }

  recall(file: SourceFile): Remembered | undefined {
    const key = keyOf(file);
    const kept = this.#known.get(key);
    if (kept === undefined || !isKeptFile(kept)) return undefined;
    this.#used.set(key, kept);
    return { entry: revive(kept.entry), references: kept.references };
  }

  remember(file: SourceFile, { entry, references }: Remembered): void {
    this.#used.set(keyOf(file), { entry: keep(entry), references });
    this.#parsed = true;
  }

  #parsed = false;

  /**
   * Whether the memo to keep differs from the one the build started with: a file was parsed,
   * or one that was kept is gone. When neither, the file on disk already holds `used()`.
   */
  get changed(): boolean {
    return this.#parsed || this.#used.size !== this.#known.size;
  }

  /** What the next build can use: the files of this build, so the memo never outgrows them. */
  used(): ReadonlyMap<string, KeptFile> {
    return this.#used;
  }

  /** What the build started with. */
  known(): ReadonlyMap<string, unknown> {
    return this.#known;
  }
}

function keyOf(file: SourceFile): string {
  return createHash('sha256').update(file.path).update('\0').update(file.bytes).digest('base64url');
}

// Each keeps the entry's kind with its own updates; TypeScript cannot follow that through a
// spread of the union, hence the casts.
function keep(entry: Entry): KeptEntry {
  return {
    ...entry,
    body: entry.body?.markdown ?? null,
    updates: entry.updates.map((update) => ({ ...update, message: update.message.markdown })),
  } as KeptEntry;
}

function revive(entry: KeptEntry): Entry {
  return {
    ...entry,
    body: entry.body === null ? null : renderMarkdown(entry.body),
    updates: entry.updates.map((update) => ({
      ...update,
      message: renderMarkdown(update.message),
    })),
  } as Entry;
}

/** The shape an earlier build of this version wrote; anything else is parsed afresh. */
function isKeptFile(value: unknown): value is KeptFile {
  if (!isRecord(value) || !Array.isArray(value.references) || !isRecord(value.entry)) return false;
  const { kind, updates, body } = value.entry;
  return (
    (kind === 'incident' || kind === 'maintenance') &&
    (body === null || typeof body === 'string') &&
    Array.isArray(updates) &&
    updates.every((update) => isRecord(update) && typeof update.message === 'string')
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
