-- V1: the embedded store's first schema.
--
-- Conventions: instants are epoch milliseconds (UTC, the precision Avro keeps); Avro columns hold
-- single-object encodings (a schema fingerprint, then the binary record), so every blob names its
-- schema; booleans are 0/1. Statements end with ';' at the end of a line and contain no other ';'
-- (the migration runner splits on it); '--' starts a comment.

-- Small named values: the next transparency-log leaf index lives here, next to seq but separate
-- from it, because licence outcomes will share the log while the change feed counts listings only.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('next_log_index', '0');

-- One row per harvest run, from beginRun to its end. outcome is NULL while the run is open.
-- The completion (complete .. validators) is kept so a HELD run can be released as it was staged.
CREATE TABLE runs (
  run_id             INTEGER PRIMARY KEY AUTOINCREMENT,
  province_code      TEXT    NOT NULL,
  adapter            TEXT    NOT NULL,
  started_at         INTEGER NOT NULL,
  finished_at        INTEGER,
  outcome            TEXT,
  complete           INTEGER,
  not_modified       INTEGER,
  max_withdraw_share REAL,
  validators         TEXT,
  fetched            INTEGER NOT NULL DEFAULT 0,
  created            INTEGER NOT NULL DEFAULT 0,
  changed            INTEGER NOT NULL DEFAULT 0,
  unchanged          INTEGER NOT NULL DEFAULT 0,
  withdrawn          INTEGER NOT NULL DEFAULT 0,
  quarantined        INTEGER NOT NULL DEFAULT 0,
  first_seq          INTEGER NOT NULL DEFAULT 0,
  last_seq           INTEGER NOT NULL DEFAULT 0,
  error              TEXT
);
CREATE INDEX runs_by_province ON runs (province_code, run_id);

-- What the store knows of each province's pulls. open_run_id: the run whose staging is live;
-- held_run_id: a run waiting for an operator. validators: JSON object.
CREATE TABLE province_state (
  province_code   TEXT PRIMARY KEY,
  last_attempt_at INTEGER,
  last_success_at INTEGER,
  last_error      TEXT,
  open_run_id     INTEGER REFERENCES runs (run_id),
  held_run_id     INTEGER REFERENCES runs (run_id),
  validators      TEXT NOT NULL DEFAULT '{}'
);

-- Current listings, tombstones (status WITHDRAWN) included. The filter columns are search keys
-- derived from the listing (NFKC, lower-cased; ipc upper-cased without spaces, each symbol
-- between '|'); the listing itself is the avro column. seq: the event that last changed the row.
CREATE TABLE listings (
  listing_id         TEXT PRIMARY KEY,
  province_code      TEXT    NOT NULL,
  application_number TEXT    NOT NULL,
  patent_type        TEXT    NOT NULL,
  status             TEXT    NOT NULL,
  payment            TEXT    NOT NULL,
  ipc                TEXT    NOT NULL,
  title              TEXT    NOT NULL,
  patentees          TEXT    NOT NULL,
  content_hash       TEXT    NOT NULL,
  seq                INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  avro               BLOB    NOT NULL
);
CREATE INDEX listings_by_province ON listings (province_code, status, listing_id);
CREATE INDEX listings_by_patent ON listings (application_number);
CREATE INDEX listings_by_update ON listings (updated_at);

-- The change feed: seq is gap-free from 1, allocated inside the committing transaction; avro is
-- the sealed (signed) ListingEvent exactly as the sealer returned it.
CREATE TABLE events (
  seq        INTEGER PRIMARY KEY,
  log_index  INTEGER NOT NULL UNIQUE,
  listing_id TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  at         INTEGER NOT NULL,
  run_id     INTEGER REFERENCES runs (run_id),
  avro       BLOB    NOT NULL
);
CREATE INDEX events_by_listing ON events (listing_id, seq);
CREATE INDEX events_by_run ON events (run_id);

-- Records kept out of publication, keyed by the province's own id (or '@' + the adapter's
-- position for an item it could not map). fields: JSON object of raw text; findings: JSON array
-- of {code, severity, message, messageZh, field}.
CREATE TABLE quarantine (
  province_code TEXT    NOT NULL,
  source_id     TEXT    NOT NULL,
  listing_id    TEXT,
  source_url    TEXT,
  fields        TEXT    NOT NULL,
  findings      TEXT    NOT NULL,
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL,
  PRIMARY KEY (province_code, source_id)
);
CREATE INDEX quarantine_by_last_seen ON quarantine (last_seen);
CREATE INDEX quarantine_by_province ON quarantine (province_code, last_seen);

-- A run's accepted listings while it is staged (invisible to readers). One row per listing id:
-- a listing staged twice in a run (overlapping pages) keeps the last one.
CREATE TABLE staged_listings (
  run_id       INTEGER NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  listing_id   TEXT    NOT NULL,
  source_id    TEXT    NOT NULL,
  status       TEXT    NOT NULL,
  content_hash TEXT    NOT NULL,
  avro         BLOB    NOT NULL,
  PRIMARY KEY (run_id, listing_id)
);

-- A run's rejected records while it is staged, in the quarantine's shape.
CREATE TABLE staged_rejects (
  run_id     INTEGER NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  source_id  TEXT    NOT NULL,
  listing_id TEXT,
  source_url TEXT,
  fields     TEXT    NOT NULL,
  findings   TEXT    NOT NULL,
  PRIMARY KEY (run_id, source_id)
);

-- The transparency log's Merkle tree nodes (RFC 6962): level 0 holds leaf hashes by log index,
-- level k the hash of a complete subtree of 2^k leaves. Written by the log (trust package), not
-- by the listing store; created here so one migration history covers the whole file.
CREATE TABLE log_nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
);
