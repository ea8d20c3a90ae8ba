/**
 * Where subscribers are kept, behind one interface, so another backend (a Postgres behind a
 * small server, a KV store) can take the place of Cloudflare D1: the service only calls these.
 */
export interface Subscriber {
  readonly id: string;
  readonly kind: 'email' | 'webhook';
  /** The email address, or the webhook receiver's URL. */
  readonly address: string;
  /** Component ids, or null for every component. */
  readonly components: readonly string[] | null;
  readonly status: 'pending' | 'confirmed';
  /** A webhook receiver's Standard Webhooks secret (`whsec_…`); null for email. */
  readonly secret: string | null;
  readonly createdAt: number;
  readonly confirmedAt: number | null;
}

/** A webhook URL waiting for its receiver to answer the challenge. */
export interface WebhookRegistration {
  readonly id: string;
  readonly address: string;
  readonly secret: string;
  readonly components: readonly string[] | null;
  readonly expires: number;
}

export interface SubscriptionStore {
  findByAddress(kind: Subscriber['kind'], address: string): Promise<Subscriber | null>;
  findById(id: string): Promise<Subscriber | null>;
  addPending(
    subscriber: Pick<Subscriber, 'id' | 'kind' | 'address' | 'components'>,
    now: number,
  ): Promise<void>;
  confirm(id: string, now: number): Promise<boolean>;
  setComponents(id: string, components: readonly string[] | null): Promise<boolean>;
  /** Adds a confirmed webhook subscriber, or gives an existing one this secret and choice. */
  confirmWebhook(registration: WebhookRegistration, id: string, now: number): Promise<string>;
  remove(id: string): Promise<boolean>;
  addRegistration(registration: WebhookRegistration, now: number): Promise<void>;
  findRegistration(id: string, now: number): Promise<WebhookRegistration | null>;
  removeRegistration(id: string): Promise<void>;
  /** Records a single-use link's nonce; false when it was used before. */
  useOnce(nonce: string, expires: number, now: number): Promise<boolean>;
  /** Counts one more event for `key` in the current window; false once over `limit`. */
  allow(key: string, limit: number, windowMs: number, now: number): Promise<boolean>;
  /** Confirmed subscribers of a kind after `cursor` (by id), for a component (or all). */
  confirmed(options: {
    readonly kind: Subscriber['kind'] | null;
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
  secret: string | null;
  created_at: number;
  confirmed_at: number | null;
}

interface RegistrationRow {
  id: string;
  address: string;
  secret: string;
  components: string;
  expires: number;
}

function parseComponents(stored: string): string[] | null {
  if (stored === '*') return null;
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter((id) => typeof id === 'string') : [];
}

function storeComponents(components: readonly string[] | null): string {
  return components === null ? '*' : JSON.stringify(components);
}

function fromRow(row: Row): Subscriber {
  return {
    id: row.id,
    kind: row.kind,
    address: row.address,
    components: parseComponents(row.components),
    status: row.status,
    secret: row.secret,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
  };
}

/** SHA-256 in hex: how the service keys what it must not keep in the clear. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function addressHash(kind: Subscriber['kind'], address: string): Promise<string> {
  return sha256Hex(`${kind}:${address}`);
}

const changed = (result: { meta: { changes?: number } }) => (result.meta.changes ?? 0) > 0;

/** The store on a D1 database with the schema of the files in migrations/. */
export function d1Store(db: D1Like): SubscriptionStore {
  const one = async (sql: string, ...values: unknown[]) => {
    const row = await db
      .prepare(sql)
      .bind(...values)
      .first<Row>();
    return row === null ? null : fromRow(row);
  };
  const run = (sql: string, ...values: unknown[]) =>
    db
      .prepare(sql)
      .bind(...values)
      .run();
  return {
    findByAddress: async (kind, address) =>
      one('SELECT * FROM subscribers WHERE address_hash = ?', await addressHash(kind, address)),
    findById: (id) => one('SELECT * FROM subscribers WHERE id = ?', id),
    addPending: async (subscriber, now) => {
      await run(
        'INSERT OR IGNORE INTO subscribers (id, kind, address, address_hash, components, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        subscriber.id,
        subscriber.kind,
        subscriber.address,
        await addressHash(subscriber.kind, subscriber.address),
        storeComponents(subscriber.components),
        'pending',
        now,
      );
    },
    confirm: async (id, now) =>
      changed(
        await run(
          "UPDATE subscribers SET status = 'confirmed', confirmed_at = ? WHERE id = ?",
          now,
          id,
        ),
      ),
    setComponents: async (id, components) =>
      changed(
        await run(
          'UPDATE subscribers SET components = ? WHERE id = ?',
          storeComponents(components),
          id,
        ),
      ),
    confirmWebhook: async (registration, id, now) => {
      const row = await db
        .prepare(
          `INSERT INTO subscribers (id, kind, address, address_hash, components, status, secret, created_at, confirmed_at)
           VALUES (?, 'webhook', ?, ?, ?, 'confirmed', ?, ?, ?)
           ON CONFLICT (address_hash) DO UPDATE SET
             components = excluded.components, secret = excluded.secret,
             status = 'confirmed', confirmed_at = excluded.confirmed_at
           RETURNING id`,
        )
        .bind(
          id,
          registration.address,
          await addressHash('webhook', registration.address),
          storeComponents(registration.components),
          registration.secret,
          now,
          now,
        )
        .first<{ id: string }>();
      return row?.id ?? id;
    },
    remove: async (id) => changed(await run('DELETE FROM subscribers WHERE id = ?', id)),
    addRegistration: async (registration, now) => {
      // Expired registrations and used links go as new ones come: the tables stay small.
      await run('DELETE FROM webhook_registrations WHERE expires <= ?', now);
      await run('DELETE FROM used_tokens WHERE expires <= ?', now);
      await run(
        'INSERT INTO webhook_registrations (id, address, secret, components, expires) VALUES (?, ?, ?, ?, ?)',
        registration.id,
        registration.address,
        registration.secret,
        storeComponents(registration.components),
        registration.expires,
      );
    },
    findRegistration: async (id, now) => {
      const row = await db
        .prepare('SELECT * FROM webhook_registrations WHERE id = ? AND expires > ?')
        .bind(id, now)
        .first<RegistrationRow>();
      return row === null ? null : { ...row, components: parseComponents(row.components) };
    },
    removeRegistration: async (id) => {
      await run('DELETE FROM webhook_registrations WHERE id = ?', id);
    },
    useOnce: async (nonce, expires, now) => {
      await run('DELETE FROM used_tokens WHERE expires <= ?', now);
      return changed(
        await run(
          'INSERT OR IGNORE INTO used_tokens (nonce, expires) VALUES (?, ?)',
          nonce,
          expires,
        ),
      );
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
    confirmed: async ({ kind, component, cursor, limit }) => {
      const { results } = await db
        .prepare(
          `SELECT * FROM subscribers WHERE status = 'confirmed' AND id > ?
             AND (? IS NULL OR kind = ?)
             AND (? IS NULL OR components = '*' OR EXISTS (SELECT 1 FROM json_each(components) WHERE value = ?))
           ORDER BY id LIMIT ?`,
        )
        .bind(cursor ?? '', kind, kind, component, component, limit)
        .all<Row>();
      return results.map(fromRow);
    },
  };
}
