-- V3: subscriptions (定向推送). Operator-issued client credentials (only the SHA-256 of a token
-- is kept), each client's subscriptions (a demand profile and a webhook URL), and the durable
-- outbox of webhook deliveries: its rows are inserted in the same transaction as the events they
-- deliver, so a crash can lose neither.

CREATE TABLE clients (
  client_id     TEXT    PRIMARY KEY,
  name          TEXT    NOT NULL,
  token_sha256  TEXT    NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL,
  revoked_at    INTEGER
);

-- status: ACTIVE, or STOPPED once the client is revoked (its deliveries are no longer attempted).
-- secret is the whsec_ secret the HMAC signature needs (so it is kept as it is);
-- previous_secret also signs until previous_until, so receivers can switch after a rotation.
CREATE TABLE subscriptions (
  subscription_id TEXT    PRIMARY KEY,
  client_id       TEXT    NOT NULL,
  url             TEXT    NOT NULL,
  profile         TEXT    NOT NULL,
  description     TEXT,
  status          TEXT    NOT NULL,
  secret          TEXT    NOT NULL,
  previous_secret TEXT,
  previous_until  INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX subscriptions_by_client ON subscriptions (client_id);

-- The outbox: one row per (subscription, event). state PENDING, DELIVERED or DEAD. Only the
-- lowest-seq PENDING row of a subscription is attempted; next_attempt_at is also the claim: an
-- attempt moves it past the attempt's timeout first, so no other replica picks the row meanwhile.
CREATE TABLE deliveries (
  subscription_id   TEXT    NOT NULL,
  seq               INTEGER NOT NULL,
  state             TEXT    NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_at   INTEGER NOT NULL,
  first_enqueued_at INTEGER NOT NULL,
  last_attempt_at   INTEGER,
  last_error        TEXT,
  delivered_at      INTEGER,
  PRIMARY KEY (subscription_id, seq)
);
CREATE INDEX deliveries_by_state ON deliveries (subscription_id, state, seq);

-- Bumped by every change of subscriptions: a commit compares it (inside its own transaction) with
-- the version its in-memory index was built from, and reloads the index when it moved.
INSERT INTO meta (key, value) VALUES ('subscriptions_version', '0');
