/**
 * Where subscribers are kept, behind one interface, so another backend (a Postgres behind a
 * small server, a KV store) can take the place of Cloudflare D1: the service only calls these.
 */
export interface Subscriber {
  readonly id: string;
  readonly kind: 'email' | 'webhook';
  readonly address: string;
  /** Component ids, or null for every component. */
  readonly components: readonly string[] | null;
  readonly status: 'pending' | 'confirmed';
}

export interface SubscriptionStore {
  findByAddress(kind: Subscriber['kind'], address: string): Promise<Subscriber | null>;
  findById(id: string): Promise<Subscriber | null>;
  addPending(subscriber: Omit<Subscriber, 'status'>, now: number): Promise<void>;
  confirm(id: string, now: number): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  /** Records a single-use link's nonce; false when it was used before. */
  useOnce(nonce: string, expires: number): Promise<boolean>;
  /** Counts one more event for `key` in the current window; false once over `limit`. */
  allow(key: string, limit: number, windowMs: number, now: number): Promise<boolean>;
  /** Confirmed subscribers after `cursor` (by id), for a component (or all), up to `limit`. */
  confirmed(options: {
    readonly component: string | null;
    readonly cursor: string | null;
    readonly limit: number;
  }): Promise<Subscriber[]>;
}

/** The subset of Cloudflare's D1 binding the store uses. */
export interface D1Like {
  prepare(sql: string): D1StatementLike;
}
export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  // D1's own signatures: the caller names the row type it selected.
  /* eslint-disable @typescript-eslint/no-unnecessary-type-parameters */
  first<T>(): Promise<T | null>;
  all<T>(): Promise<{ results: T[] }>;
  /* eslint-enable @typescript-eslint/no-unnecessary-type-parameters */
  run(): Promise<{ meta: { changes?: number } }>;
}

interface Row {
  id: string;
  kind: Subscriber['kind'];
  address: string;
  components: string;
  status: Subscriber['status'];
}

function fromRow(row: Row): Subscriber {
  let components: string[] | null = null;
  if (row.components !== '*') {
    const parsed: unknown = JSON.parse(row.components);
    components = Array.isArray(parsed) ? parsed.filter((id) => typeof id === 'string') : [];
  }
  return { id: row.id, kind: row.kind, address: row.address, components, status: row.status };
}

/** SHA-256 in hex: how the service keys what it must not keep in the clear. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function addressHash(kind: Subscriber['kind'], address: string): Promise<string> {
  return sha256Hex(`${kind}:${address}`);
}

/** The store on a D1 database with the schema of migrations/0001_subscribers.sql. */
export function d1Store(db: D1Like): SubscriptionStore {
  const one = async (sql: string, ...values: unknown[]) => {
    const row = await db
      .prepare(sql)
      .bind(...values)
      .first<Row>();
    return row === null ? null : fromRow(row);
  };
  return {
    findByAddress: async (kind, address) =>
      one('SELECT * FROM subscribers WHERE address_hash = ?', await addressHash(kind, address)),
    findById: (id) => one('SELECT * FROM subscribers WHERE id = ?', id),
    addPending: async (subscriber, now) => {
      await db
        .prepare(
          'INSERT OR IGNORE INTO subscribers (id, kind, address, address_hash, components, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .bind(
          subscriber.id,
          subscriber.kind,
          subscriber.address,
          await addressHash(subscriber.kind, subscriber.address),
          subscriber.components === null ? '*' : JSON.stringify(subscriber.components),
          'pending',
          now,
        )
        .run();
    },
    confirm: async (id, now) => {
      const result = await db
        .prepare("UPDATE subscribers SET status = 'confirmed', confirmed_at = ? WHERE id = ?")
        .bind(now, id)
        .run();
      return (result.meta.changes ?? 0) > 0;
    },
    remove: async (id) => {
      const result = await db.prepare('DELETE FROM subscribers WHERE id = ?').bind(id).run();
      return (result.meta.changes ?? 0) > 0;
    },
    useOnce: async (nonce, expires) => {
      const result = await db
        .prepare('INSERT OR IGNORE INTO used_tokens (nonce, expires) VALUES (?, ?)')
        .bind(nonce, expires)
        .run();
      return (result.meta.changes ?? 0) > 0;
    },
    allow: async (key, limit, windowMs, now) => {
      const start = now - (now % windowMs);
      const row = await db
        .prepare(
          `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN window_start = excluded.window_start THEN count + 1 ELSE 1 END,
             window_start = excluded.window_start
           RETURNING count`,
        )
        .bind(key, start)
        .first<{ count: number }>();
      return (row?.count ?? 1) <= limit;
    },
    confirmed: async ({ component, cursor, limit }) => {
      const { results } = await db
        .prepare(
          `SELECT * FROM subscribers WHERE status = 'confirmed' AND id > ?
             AND (? IS NULL OR components = '*' OR EXISTS (SELECT 1 FROM json_each(components) WHERE value = ?))
           ORDER BY id LIMIT ?`,
        )
        .bind(cursor ?? '', component, component, limit)
        .all<Row>();
      return results.map(fromRow);
    },
  };
}
