-- The subscription service's database (Cloudflare D1, SQLite). Addresses live here only: never
-- in git, the site, logs or the notification ledger.
CREATE TABLE IF NOT EXISTS subscribers (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
  address TEXT NOT NULL,
  -- SHA-256 of kind and normalised address: the lookup key, so a row is found without scanning.
  address_hash TEXT NOT NULL UNIQUE,
  -- A JSON array of component ids, or "*" for every component.
  components TEXT NOT NULL DEFAULT '*',
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER
);
CREATE INDEX IF NOT EXISTS subscribers_confirmed ON subscribers (status, id);
-- Nonces of single-use links already used (confirmation), until they would have expired anyway.
CREATE TABLE IF NOT EXISTS used_tokens (nonce TEXT PRIMARY KEY, expires INTEGER NOT NULL);
-- Fixed-window counters for rate limits, per address hash and per client.
CREATE TABLE IF NOT EXISTS rate_limits (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL
);
