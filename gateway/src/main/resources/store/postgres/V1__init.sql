-- V1: the shared (PostgreSQL) store's first schema: the embedded store's tables, column for
-- column, so `migrate` copies rows as they are and both engines answer the same contract.
--
-- Conventions (as in SQLite's V1): instants are epoch milliseconds (BIGINT, UTC); Avro columns
-- hold single-object encodings (BYTEA); integers are BIGINT and flags BOOLEAN. Statements end with
-- ';' at the end of a line and contain no other ';' (the migration runner splits on it); '--'
-- starts a comment.

-- Small named values. next_log_index: the next transparency-log leaf index. The row is also the
-- feed's lock: a commit that publishes events locks it (SELECT ... FOR UPDATE) before taking a
-- seq and holds it until COMMIT, so seqs are allocated and made visible in one total order
-- across every replica, and a rolled-back commit leaves no hole.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('next_log_index', '0');

-- One row per harvest run, from beginRun to its end. outcome is NULL while the run is open.
CREATE TABLE runs (
  run_id             BIGSERIAL PRIMARY KEY,
  province_code      TEXT    NOT NULL,
  adapter            TEXT    NOT NULL,
  started_at         BIGINT  NOT NULL,
  finished_at        BIGINT,
  outcome            TEXT,
  complete           BOOLEAN,
  not_modified       BOOLEAN,
  max_withdraw_share DOUBLE PRECISION,
  validators         TEXT,
  fetched            BIGINT  NOT NULL DEFAULT 0,
  created            BIGINT  NOT NULL DEFAULT 0,
  changed            BIGINT  NOT NULL DEFAULT 0,
  unchanged          BIGINT  NOT NULL DEFAULT 0,
  withdrawn          BIGINT  NOT NULL DEFAULT 0,
  quarantined        BIGINT  NOT NULL DEFAULT 0,
  first_seq          BIGINT  NOT NULL DEFAULT 0,
  last_seq           BIGINT  NOT NULL DEFAULT 0,
  error              TEXT
);
CREATE INDEX runs_by_province ON runs (province_code, run_id);

-- What the store knows of each province's pulls (see SQLite's V1).
CREATE TABLE province_state (
  province_code   TEXT PRIMARY KEY,
  last_attempt_at BIGINT,
  last_success_at BIGINT,
  last_error      TEXT,
  open_run_id     BIGINT REFERENCES runs (run_id),
  held_run_id     BIGINT REFERENCES runs (run_id),
  validators      TEXT NOT NULL DEFAULT '{}'
);

-- Current listings, tombstones included; the filter columns are search keys (see SQLite's V1).
-- COLLATE "C": listing ids order by code point, as in SQLite, whatever the database's locale.
CREATE TABLE listings (
  listing_id         TEXT COLLATE "C" PRIMARY KEY,
  province_code      TEXT    NOT NULL,
  application_number TEXT    NOT NULL,
  patent_type        TEXT    NOT NULL,
  status             TEXT    NOT NULL,
  payment            TEXT    NOT NULL,
  ipc                TEXT    NOT NULL,
  title              TEXT    NOT NULL,
  patentees          TEXT    NOT NULL,
  content_hash       TEXT    NOT NULL,
  seq                BIGINT  NOT NULL,
  updated_at         BIGINT  NOT NULL,
  avro               BYTEA   NOT NULL
);
CREATE INDEX listings_by_province ON listings (province_code, status, listing_id);
CREATE INDEX listings_by_patent ON listings (application_number);
CREATE INDEX listings_by_update ON listings (updated_at);

-- The change feed: seq gap-free from 1, allocated inside the committing transaction under the
-- meta row's lock; avro is the sealed (signed) ListingEvent exactly as the sealer returned it.
CREATE TABLE events (
  seq        BIGINT PRIMARY KEY,
  log_index  BIGINT NOT NULL UNIQUE,
  listing_id TEXT COLLATE "C" NOT NULL,
  type       TEXT   NOT NULL,
  at         BIGINT NOT NULL,
  run_id     BIGINT REFERENCES runs (run_id),
  avro       BYTEA  NOT NULL
);
CREATE INDEX events_by_listing ON events (listing_id, seq);
CREATE INDEX events_by_run ON events (run_id);

-- Records kept out of publication (see SQLite's V1).
CREATE TABLE quarantine (
  province_code TEXT   NOT NULL,
  source_id     TEXT COLLATE "C" NOT NULL,
  listing_id    TEXT,
  source_url    TEXT,
  fields        TEXT   NOT NULL,
  findings      TEXT   NOT NULL,
  first_seen    BIGINT NOT NULL,
  last_seen     BIGINT NOT NULL,
  PRIMARY KEY (province_code, source_id)
);
CREATE INDEX quarantine_by_last_seen ON quarantine (last_seen);
CREATE INDEX quarantine_by_province ON quarantine (province_code, last_seen);

-- A run's accepted listings while it is staged (invisible to readers).
CREATE TABLE staged_listings (
  run_id       BIGINT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  listing_id   TEXT COLLATE "C" NOT NULL,
  source_id    TEXT   NOT NULL,
  status       TEXT   NOT NULL,
  content_hash TEXT   NOT NULL,
  avro         BYTEA  NOT NULL,
  PRIMARY KEY (run_id, listing_id)
);

-- A run's rejected records while it is staged, in the quarantine's shape.
CREATE TABLE staged_rejects (
  run_id     BIGINT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  source_id  TEXT COLLATE "C" NOT NULL,
  listing_id TEXT,
  source_url TEXT,
  fields     TEXT   NOT NULL,
  findings   TEXT   NOT NULL,
  PRIMARY KEY (run_id, source_id)
);

-- The transparency log's Merkle tree nodes (RFC 6962), shared by every replica: each replica
-- appends every event, and a node is a pure function of the events, so a position written twice
-- holds the same hash (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE log_nodes (
  level INTEGER NOT NULL,
  idx   BIGINT  NOT NULL,
  hash  BYTEA   NOT NULL,
  PRIMARY KEY (level, idx)
);

-- Which replica pulls which province: a lease with an expiry, renewed while the replica pulls;
-- a dead replica's lease runs out and another replica takes the province over.
CREATE TABLE province_leases (
  province_code TEXT   PRIMARY KEY,
  owner         TEXT   NOT NULL,
  expires_at    BIGINT NOT NULL
);
