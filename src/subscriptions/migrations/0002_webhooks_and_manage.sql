-- Webhook subscriptions: the signing secret each confirmed receiver verifies deliveries with.
ALTER TABLE subscribers ADD COLUMN secret TEXT;
-- A webhook URL a visitor registered, waiting for its receiver to answer the signed challenge.
-- Not a subscriber yet: a registration never replaces one until its challenge is answered.
CREATE TABLE IF NOT EXISTS webhook_registrations (
  id TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  secret TEXT NOT NULL,
  components TEXT NOT NULL DEFAULT '*',
  expires INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_registrations_expires ON webhook_registrations (expires);
CREATE INDEX IF NOT EXISTS used_tokens_expires ON used_tokens (expires);
